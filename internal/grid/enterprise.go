package grid

import (
	"context"
	"fmt"

	"wct/internal/core"
)

// MaxPageSize is the largest page of a grid's enterprises.
const MaxPageSize = 100

// EnterprisePage is a page of the enterprises of a grid.
type EnterprisePage struct {
	Grid        core.Organization
	Enterprises []core.Organization
	Total       int // the number of the grid's enterprises on all pages
}

// Enterprises returns a page of the enterprises whose onboarding form
// chose the grid of the principal's active identity, newest first. Only a
// grid member acting as that identity may list them. Page numbers start
// at 1; size is at most MaxPageSize.
func (s *Service) Enterprises(ctx context.Context, p core.Principal, page, size int) (EnterprisePage, error) {
	var out EnterprisePage
	if p.Identity == nil || p.Identity.Kind != core.KindGrid {
		return out, core.Errorf(core.CodeForbidden, "请先在切换身份中选择网格员身份")
	}
	if p.Session.LegalScoped() {
		// A legal-person login acts for its own enterprise only.
		return out, core.Errorf(core.CodeForbidden, "法人登录不能查看网格企业，请使用个人登录")
	}
	if page < 1 || page > 100_000 {
		return out, fieldError("page", "页码应为 1 至 100000 的整数")
	}
	if size < 1 || size > MaxPageSize {
		return out, fieldError("pageSize", fmt.Sprintf("每页条数应为 1 至 %d", MaxPageSize))
	}
	g, err := s.grid(ctx, p.Identity.OrgID)
	if err != nil {
		return out, err
	}
	out.Grid = g
	out.Enterprises, out.Total, err = s.Store.GridEnterprises(ctx, g.ID, (page-1)*size, size)
	return out, err
}

func fieldError(field, message string) error {
	var f core.Fields
	f.Add(field, message)
	return f.Err()
}
