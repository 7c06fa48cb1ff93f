package validate

import (
	"fmt"
	"slices"
	"strings"
)

// TechFields checks the technology fields an applicant selected against
// the allowed list. Each entry is trimmed and blank entries are skipped.
// At least one field is required, each must appear in allowed, and
// duplicates are removed while the first-seen order is kept.
func TechFields(selected, allowed []string) ([]string, error) {
	fields := make([]string, 0, len(selected))
	for _, field := range selected {
		field = strings.TrimSpace(field)
		if field == "" || slices.Contains(fields, field) {
			continue
		}
		if !slices.Contains(allowed, field) {
			return nil, invalid(ErrNotAllowed, fmt.Sprintf("技术领域“%s”不在可选范围内，请从列表中重新选择", shorten(field, 20)))
		}
		fields = append(fields, field)
	}
	if len(fields) == 0 {
		return nil, invalid(ErrRequired, "请至少选择一个技术领域")
	}
	return fields, nil
}

// shorten cuts s to at most n runes, marking a cut with an ellipsis, so
// arbitrary input cannot flood a message.
func shorten(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n]) + "…"
}
