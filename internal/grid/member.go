package grid

import (
	"context"
	"errors"

	"wct/internal/core"
	"wct/internal/validate"
)

// AssignMember makes the person with the name and phone a grid member of
// the grid, as the operator op. The identity is active at once when an
// account has that phone and that name, and otherwise invited until that
// person's first provincial login with both, as for enterprise members.
// A person who already is a member of the grid returns an error matching
// core.ErrConflict.
func (s *Service) AssignMember(ctx context.Context, op core.Actor, gridID, name, phone string) (core.Identity, error) {
	var f core.Fields
	name, err := validate.Line(name, 2, 50)
	f.AddErr("name", err)
	phone, err = validate.Mobile(phone)
	f.AddErr("phone", err)
	if err := f.Err(); err != nil {
		return core.Identity{}, err
	}
	g, err := s.grid(ctx, gridID)
	if err != nil {
		return core.Identity{}, err
	}
	ev := op.Event("grid.member.add", "identity", "")
	ev.Detail = map[string]string{"org_id": g.ID}
	return s.Store.AddMember(ctx, g.ID, core.KindGrid, phone, name, op.OperatorID, ev)
}

// RemoveMember takes the grid member's identity away, as the operator op.
// A session that acts as that identity becomes a personal one at its next
// request.
func (s *Service) RemoveMember(ctx context.Context, op core.Actor, gridID, identityID string) error {
	g, err := s.grid(ctx, gridID)
	if err != nil {
		return err
	}
	target, err := s.Store.IdentityByID(ctx, identityID)
	if err != nil && !errors.Is(err, core.ErrNotFound) {
		return err
	}
	if err != nil || target.OrgID != g.ID {
		return core.Errorf(core.CodeNotFound, "网格员不存在或已被移除")
	}
	ev := op.Event("grid.member.remove", "identity", identityID)
	ev.Detail = map[string]string{"org_id": g.ID}
	return s.Store.ChangeMember(ctx, identityID, g.ID, "", op.OperatorID, ev)
}
