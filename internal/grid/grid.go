// Package grid holds the use cases of service grids (服务网格): operators
// create the grids of Wuhan's districts and assign and remove their grid
// members (网格员), and a grid member lists the enterprises that chose the
// grid in their onboarding form.
//
// A grid is an organization of kind core.KindGrid and a grid member is a
// member identity of that kind, so a grid member enters the grid through
// the identity switch like any other identity.
package grid

import (
	"context"
	"errors"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"wct/internal/core"
	"wct/internal/region"
	"wct/internal/store"
	"wct/internal/validate"
)

// Store is the storage the grid use cases need.
type Store interface {
	CreateGrid(ctx context.Context, o core.Organization, ev core.AuditEvent) error
	RenameGrid(ctx context.Context, id, name, uniqueKey string, ev core.AuditEvent) error
	ListGrids(ctx context.Context, regionCode string) ([]store.GridSummary, error)
	GridEnterprises(ctx context.Context, gridID string, offset, limit int) ([]core.Organization, int, error)
	OrganizationByID(ctx context.Context, id string) (core.Organization, error)
	Members(ctx context.Context, orgID string) ([]core.IdentityView, error)
	IdentityByID(ctx context.Context, id string) (core.IdentityView, error)
	AddMember(ctx context.Context, orgID string, kind core.Kind, phone, name, by string, ev core.AuditEvent) (core.Identity, error)
	ChangeMember(ctx context.Context, identityID, orgID string, role core.Role, by string, ev core.AuditEvent) error
}

// Service runs the grid use cases. It is safe for concurrent use.
type Service struct {
	Store Store
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// wuhan is the GB/T 2260 code of Wuhan, whose districts have grids.
const wuhan = "420100"

// ValidateDistrict checks that code is a district of Wuhan, such as
// "420111" (洪山区), the level a grid belongs to. It returns a
// *validate.Error wrapping validate.ErrRequired for an empty code and
// validate.ErrFormat for any other code.
func ValidateDistrict(code string) error {
	if code == "" {
		return &validate.Error{Reason: validate.ErrRequired, Message: "请选择网格所在的区"}
	}
	r, ok := region.Lookup(code)
	if !ok || r.Parent != wuhan || r.Level != region.LevelDistrict {
		return &validate.Error{Reason: validate.ErrFormat, Message: "网格所在地区应为武汉市的一个区"}
	}
	return nil
}

// Create adds a service grid with the name in the Wuhan district
// regionCode, as the operator op. A grid of the same name in the district
// returns an error matching core.ErrConflict.
func (s *Service) Create(ctx context.Context, op core.Actor, name, regionCode string) (core.Organization, error) {
	var f core.Fields
	name, err := validate.Line(name, 2, 50)
	f.AddErr("name", err)
	f.AddErr("regionCode", ValidateDistrict(regionCode))
	if err := f.Err(); err != nil {
		return core.Organization{}, err
	}
	g := core.Organization{ID: store.NewID(), Kind: core.KindGrid, Name: name,
		UniqueKey: regionCode + "/" + nameKey(name), RegionCode: regionCode, Source: "operator",
		CreatedAt: s.now()}
	ev := op.Event("grid.create", "organization", g.ID)
	ev.Detail = map[string]string{"name": name, "region_code": regionCode}
	if err := s.Store.CreateGrid(ctx, g, ev); err != nil {
		return core.Organization{}, err
	}
	return g, nil
}

// Rename gives the grid a new name, checked and compared as Create does,
// as the operator op, and returns the grid.
func (s *Service) Rename(ctx context.Context, op core.Actor, id, name string) (core.Organization, error) {
	name, err := validate.Line(name, 2, 50)
	if err != nil {
		var f core.Fields
		f.AddErr("name", err)
		return core.Organization{}, f.Err()
	}
	g, err := s.grid(ctx, id)
	if err != nil {
		return core.Organization{}, err
	}
	ev := op.Event("grid.rename", "organization", g.ID)
	ev.Detail = map[string]string{"from": g.Name, "name": name}
	if err := s.Store.RenameGrid(ctx, g.ID, name, g.RegionCode+"/"+nameKey(name), ev); err != nil {
		return core.Organization{}, err
	}
	g.Name = name
	return g, nil
}

// nameKey folds the ways one grid name can be typed into one key: full-
// and half-width forms, upper and lower case, and spaces, so that AB网格,
// ab网格 and ＡＢ 网格 name one grid of a district.
func nameKey(name string) string {
	folded := strings.ToLower(norm.NFKC.String(name))
	return strings.Join(strings.Fields(folded), "")
}

// List returns the grids of the Wuhan district regionCode, or of every
// district when it is empty, with their member counts.
func (s *Service) List(ctx context.Context, regionCode string) ([]store.GridSummary, error) {
	if regionCode != "" {
		var f core.Fields
		if f.AddErr("region", ValidateDistrict(regionCode)) {
			return nil, f.Err()
		}
	}
	return s.Store.ListGrids(ctx, regionCode)
}

// Detail returns the grid with its active and invited members.
func (s *Service) Detail(ctx context.Context, id string) (core.Organization, []core.IdentityView, error) {
	g, err := s.grid(ctx, id)
	if err != nil {
		return g, nil, err
	}
	members, err := s.Store.Members(ctx, g.ID)
	return g, members, err
}

var errNoGrid = core.Errorf(core.CodeNotFound, "网格不存在")

// grid returns the grid with the id, or an error matching
// core.ErrNotFound when no grid has it.
func (s *Service) grid(ctx context.Context, id string) (core.Organization, error) {
	g, err := s.Store.OrganizationByID(ctx, id)
	switch {
	case errors.Is(err, core.ErrNotFound), err == nil && g.Kind != core.KindGrid:
		return core.Organization{}, errNoGrid
	case err != nil:
		return core.Organization{}, err
	}
	return g, nil
}
