package httpapi

import (
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"wct/internal/core"
)

// The back office's audit log: operators page through the events,
// filtered by action, actor, organization, time and client address.

// chinaTime is China Standard Time, UTC+8 all year without daylight
// saving time, in which the audit log reads a bare date.
var chinaTime = time.FixedZone("CST", 8*60*60)

var (
	// auditActionPattern matches an action name such as "member.add", or
	// a prefix ending in a dot such as "member.".
	auditActionPattern = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z_]+)*\.?$`)
	// auditIDPattern matches the ids of users, operators and
	// organizations, and the names of system actors.
	auditIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,100}$`)
)

// maxAuditActions caps the action values of one request.
const maxAuditActions = 50

type auditEventJSON struct {
	ID              string            `json:"id"`
	At              time.Time         `json:"at"`
	Action          string            `json:"action"`
	ActorKind       string            `json:"actorKind"`
	ActorID         string            `json:"actorId"`
	ActorName       string            `json:"actorName"`
	IdentityID      string            `json:"identityId"`
	IdentityOrgID   string            `json:"identityOrgId"`
	IdentityOrgName string            `json:"identityOrgName"`
	IdentityRole    core.Role         `json:"identityRole"`
	TargetKind      string            `json:"targetKind"`
	TargetID        string            `json:"targetId"`
	TargetLabel     string            `json:"targetLabel"`
	Addr            string            `json:"addr"`
	Detail          map[string]string `json:"detail"`
}

type auditPageJSON struct {
	Items      []auditEventJSON `json:"items"`
	NextCursor string           `json:"nextCursor,omitempty"`
}

func auditEventView(e core.AuditEntry) auditEventJSON {
	detail := e.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	return auditEventJSON{ID: e.ID, At: e.At, Action: e.Action,
		ActorKind: e.ActorKind, ActorID: e.ActorID, ActorName: e.ActorName,
		IdentityID: e.IdentityID, IdentityOrgID: e.IdentityOrgID,
		IdentityOrgName: e.IdentityOrgName, IdentityRole: e.IdentityRole,
		TargetKind: e.TargetKind, TargetID: e.TargetID, TargetLabel: e.TargetLabel,
		Addr: e.ClientAddr, Detail: detail}
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request, _ core.Actor, _ core.Operator, _ core.Session) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := s.Store.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	body := auditPageJSON{Items: []auditEventJSON{}, NextCursor: page.Next.String()}
	for _, e := range page.Entries {
		body.Items = append(body.Items, auditEventView(e))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// auditFilter reads the audit log's query parameters and reports every
// invalid one on its field.
func auditFilter(q url.Values) (core.AuditFilter, error) {
	var f core.AuditFilter
	var bad core.Fields
	f.Actions = auditActions(q["action"], &bad)
	f.ActorID = auditID(q, "actor", "操作人", &bad)
	f.OrgID = auditID(q, "org", "组织", &bad)
	f.From, f.To = auditRange(q, &bad)
	if raw := strings.TrimSpace(q.Get("addr")); raw != "" {
		// NOTE: the filter matches the address's canonical text, which is
		// what the server records for peers. A proxy's X-Forwarded-For hop
		// is recorded as the proxy wrote it, so an IPv6 hop in another
		// spelling would not match.
		if addr, err := netip.ParseAddr(raw); err == nil {
			f.ClientAddr = addr.Unmap().String()
		} else {
			bad.Add("addr", "请输入完整的 IPv4 或 IPv6 地址")
		}
	}
	if raw := q.Get("cursor"); raw != "" {
		var err error
		if f.After, err = core.ParseAuditCursor(raw); err != nil {
			bad.Add("cursor", "分页位置无效，请从第一页重新查询")
		}
	}
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > core.MaxAuditPageSize {
			bad.Add("limit", "每页条数须为 1 至 "+strconv.Itoa(core.MaxAuditPageSize)+" 的整数")
		}
		f.Limit = n
	}
	return f, bad.Err()
}

// auditActions returns the non-empty action values: names, or prefixes
// ending in a dot.
func auditActions(values []string, bad *core.Fields) []string {
	var actions []string
	for _, a := range values {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if len(a) > 64 || !auditActionPattern.MatchString(a) {
			quoted := a
			if len(quoted) > 64 {
				// Only the start is quoted, so a long value cannot make
				// the response long.
				quoted = strings.ToValidUTF8(quoted[:64], "") + "…"
			}
			bad.Add("action", "操作类型 "+strconv.Quote(quoted)+" 格式不正确")
			return nil
		}
		actions = append(actions, a)
	}
	if len(actions) > maxAuditActions {
		bad.Add("action", "最多同时筛选 "+strconv.Itoa(maxAuditActions)+" 种操作类型")
		return nil
	}
	return actions
}

// auditID returns the id in the query parameter name, or "" when it is
// absent or invalid. The label is the field's Chinese name.
func auditID(q url.Values, name, label string, bad *core.Fields) string {
	id := strings.TrimSpace(q.Get(name))
	if id != "" && !auditIDPattern.MatchString(id) {
		bad.Add(name, label+" ID 格式不正确")
		return ""
	}
	return id
}

// auditRange reads from and to. A bare date in to covers that whole day,
// so from=2026-03-01&to=2026-03-01 selects one day.
func auditRange(q url.Values, bad *core.Fields) (from, to time.Time) {
	from, okFrom := auditTime(q.Get("from"), false)
	if !okFrom {
		bad.Add("from", "开始时间须为 RFC 3339 时间或 YYYY-MM-DD 日期")
	}
	to, okTo := auditTime(q.Get("to"), true)
	if !okTo {
		bad.Add("to", "结束时间须为 RFC 3339 时间或 YYYY-MM-DD 日期")
	}
	if okFrom && okTo && !from.IsZero() && !to.IsZero() && !to.After(from) {
		bad.Add("to", "结束时间须晚于开始时间")
	}
	return from, to
}

// auditTime parses an RFC 3339 time or a date in China Standard Time. A
// date is its first instant, or with end the first instant of the next
// day. An empty value is the zero time.
func auditTime(raw string, end bool) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return time.Time{}, true
	}
	// A "+" of an unescaped offset such as +08:00 arrives as a space,
	// which neither form contains otherwise.
	raw = strings.ReplaceAll(raw, " ", "+")
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t, true
	}
	day, err := time.ParseInLocation(time.DateOnly, raw, chinaTime)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		day = day.AddDate(0, 0, 1)
	}
	return day, true
}
