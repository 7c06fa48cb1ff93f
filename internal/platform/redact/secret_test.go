package redact

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

const value = "hunter2-s3cr3t"

func TestSecretReveal(t *testing.T) {
	if got := Secret(value).Reveal(); got != value {
		t.Errorf("Reveal() = %q, want %q", got, value)
	}
}

func TestSecretFmt(t *testing.T) {
	s := Secret(value)
	tests := []struct {
		format string
		want   string
	}{
		{"%v", Placeholder},
		{"%s", Placeholder},
		{"%+v", Placeholder},
		{"%#v", `"` + Placeholder + `"`},
		{"%q", `"` + Placeholder + `"`},
		{"%x", Placeholder},
		{"%X", Placeholder},
		{"%d", Placeholder},
		{"%10s", Placeholder},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf(tt.format, s); got != tt.want {
			t.Errorf("Sprintf(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
	if got := s.String(); got != Placeholder {
		t.Errorf("String() = %q, want %q", got, Placeholder)
	}
}

func TestSecretInStruct(t *testing.T) {
	cfg := struct {
		User     string
		Password Secret
	}{"alice", Secret(value)}
	for _, format := range []string{"%v", "%+v", "%#v"} {
		got := fmt.Sprintf(format, cfg)
		if strings.Contains(got, value) {
			t.Errorf("Sprintf(%q) = %q, contains the secret", format, got)
		}
	}
	wrapped := fmt.Errorf("connect: %v", Secret(value))
	if strings.Contains(wrapped.Error(), value) {
		t.Errorf("error %q contains the secret", wrapped)
	}
}

func TestSecretSlog(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("configured", "secret", Secret(value), slog.Any("nested", struct{ Key Secret }{Secret(value)}))
	text := slog.New(slog.NewTextHandler(&buf, nil))
	text.Info("configured", "secret", Secret(value))

	out := buf.String()
	if strings.Contains(out, value) {
		t.Errorf("log output contains the secret: %s", out)
	}
	if !strings.Contains(out, `"secret":"[REDACTED]"`) {
		t.Errorf("JSON log output lacks the placeholder: %s", out)
	}
	if !strings.Contains(out, "secret=[REDACTED]") {
		t.Errorf("text log output lacks the placeholder: %s", out)
	}
}

func TestSecretJSON(t *testing.T) {
	data, err := json.Marshal(map[string]any{"key": Secret(value), "list": []Secret{Secret(value)}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"key":"[REDACTED]","list":["[REDACTED]"]}`; string(data) != want {
		t.Errorf("json.Marshal = %s, want %s", data, want)
	}

	var cfg struct{ Key Secret }
	if err := json.Unmarshal([]byte(`{"Key":"`+value+`"}`), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Key.Reveal() != value {
		t.Errorf("json.Unmarshal stored %q, want %q", cfg.Key.Reveal(), value)
	}
}

func TestSecretXML(t *testing.T) {
	data, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"c"`
		Key     Secret   `xml:"key"`
	}{Key: Secret(value)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<c><key>[REDACTED]</key></c>"; string(data) != want {
		t.Errorf("xml.Marshal = %s, want %s", data, want)
	}
}
