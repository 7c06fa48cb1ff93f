package validate

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		min, max int
		want     string
		wantErr  error
		text     string
	}{
		{"within range", "武汉创新科技有限公司", 2, 50, "武汉创新科技有限公司", nil, ""},
		{"counts runes not bytes", "武汉", 2, 2, "武汉", nil, ""},
		{"trims ideographic space", "\u3000武汉\u3000 ", 1, 2, "武汉", nil, ""},
		{"keeps inner newline", "第一行\n第二行", 1, 0, "第一行\n第二行", nil, ""},
		{"optional empty", "  ", 0, 10, "", nil, ""},
		{"no upper limit", strings.Repeat("字", 5000), 1, 0, strings.Repeat("字", 5000), nil, ""},
		{"required empty", " \t", 1, 10, "", ErrRequired, "必填"},
		{"too short", "武", 2, 10, "", ErrTooShort, "请至少填写2个字，当前为1个字"},
		{"too long", "武汉创新", 1, 3, "", ErrTooLong, "不能超过3个字，当前为4个字"},
		{"invalid UTF-8", "ab\xffcd", 1, 10, "", ErrFormat, "无法识别"},
		{"control character", "ab\x00cd", 1, 10, "", ErrFormat, "控制字符"},
		{"escape character", "ab\x1b[31mcd", 1, 20, "", ErrFormat, "控制字符"},
		{"right-to-left override", "武汉\u202e司公", 1, 20, "", ErrFormat, "控制字符"},
		{"zero-width space", "武汉\u200b科技", 1, 20, "", ErrFormat, "控制字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Text(tt.input, tt.min, tt.max)
			checkError(t, err, tt.wantErr, tt.text)
			if got != tt.want {
				t.Errorf("Text(%q, %d, %d) = %q, want %q", tt.input, tt.min, tt.max, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr error
		text    string
	}{
		{"one line", " 张三 ", "张三", nil, ""},
		{"inner space kept", "欧阳 明", "欧阳 明", nil, ""},
		{"newline", "张\n三", "", ErrFormat, "一行"},
		{"tab", "张\t三", "", ErrFormat, "一行"},
		{"line separator", "张\u2028三", "", ErrFormat, "一行"},
		{"Text's checks first", "张", "", ErrTooShort, "请至少填写2个字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Line(tt.input, 2, 50)
			checkError(t, err, tt.wantErr, tt.text)
			if got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}
