package validate

import (
	"slices"
	"strings"
	"testing"
)

func TestTechFields(t *testing.T) {
	allowed := []string{"人工智能", "光电子信息", "生物医药", "新能源汽车"}
	tests := []struct {
		name     string
		selected []string
		want     []string
		wantErr  error
		text     string
	}{
		{"one", []string{"生物医药"}, []string{"生物医药"}, nil, ""},
		{"order kept", []string{"新能源汽车", "人工智能"}, []string{"新能源汽车", "人工智能"}, nil, ""},
		{"duplicates removed", []string{"人工智能", "生物医药", "人工智能"}, []string{"人工智能", "生物医药"}, nil, ""},
		{"trimmed", []string{" 人工智能 "}, []string{"人工智能"}, nil, ""},
		{"blank entries skipped", []string{"", "生物医药", "  "}, []string{"生物医药"}, nil, ""},
		{"none", nil, nil, ErrRequired, "请至少选择一个技术领域"},
		{"only blanks", []string{"", " "}, nil, ErrRequired, "请至少选择一个技术领域"},
		{"unknown", []string{"人工智能", "区块链"}, nil, ErrNotAllowed, "技术领域“区块链”不在可选范围内"},
		{"unknown long value cut", []string{strings.Repeat("长", 100)}, nil, ErrNotAllowed, strings.Repeat("长", 20) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TechFields(tt.selected, allowed)
			checkError(t, err, tt.wantErr, tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("TechFields(%q) = %q, want %q", tt.selected, got, tt.want)
			}
		})
	}
}

func TestTechFieldsKeepsInput(t *testing.T) {
	selected := []string{" 人工智能", "人工智能"}
	if _, err := TechFields(selected, []string{"人工智能"}); err != nil {
		t.Fatal(err)
	}
	if selected[0] != " 人工智能" {
		t.Errorf("TechFields modified its input: %q", selected)
	}
}
