package devidp

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestIDNumberCheck(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"11010519491231002", 'X'}, // weighted sum 167, 167 mod 11 = 2
		{"42010219900101001", '4'},
		{"42011719851231123", '0'},
	}
	for _, tt := range tests {
		if got := idNumberCheck(tt.body); got != tt.want {
			t.Errorf("idNumberCheck(%s) = %c, want %c", tt.body, got, tt.want)
		}
	}
}

func TestCreditCodeCheck(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"91420100MA4K0000X", 'J'},
		{"91420102000000000", 'Q'},
		{"12420000MB1234567", 'Q'},
	}
	for _, tt := range tests {
		if got := creditCodeCheck(tt.body); got != tt.want {
			t.Errorf("creditCodeCheck(%s) = %c, want %c", tt.body, got, tt.want)
		}
	}
}

func TestOrgCodeCheck(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"12345678", '8'},
		{"00000000", '0'}, // 11 - 0 = 11 maps to 0
		{"00000006", 'X'}, // 11 - 12 mod 11 = 10 maps to X
	}
	for _, tt := range tests {
		if got := orgCodeCheck(tt.body); got != tt.want {
			t.Errorf("orgCodeCheck(%s) = %c, want %c", tt.body, got, tt.want)
		}
	}
}

var (
	phonePattern      = regexp.MustCompile(`^1[3-9]\d{9}$`)
	idNumberPattern   = regexp.MustCompile(`^\d{17}[\dX]$`)
	creditCodePattern = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)
)

func TestRandomPersonaValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		p := randomPersona(rng, loginLegal)

		if !idNumberPattern.MatchString(p.IDNumber) || idNumberCheck(p.IDNumber) != p.IDNumber[17] {
			t.Fatalf("invalid ID number %s", p.IDNumber)
		}
		if !slices.Contains(wuhanDistricts, p.IDNumber[:6]) {
			t.Fatalf("ID number %s is not from a Wuhan district", p.IDNumber)
		}
		if _, err := time.Parse("20060102", p.IDNumber[6:14]); err != nil {
			t.Fatalf("ID number %s has an invalid birth date: %v", p.IDNumber, err)
		}
		if !phonePattern.MatchString(p.Phone) {
			t.Fatalf("invalid phone %s", p.Phone)
		}
		if !creditCodePattern.MatchString(p.CreditCode) || creditCodeCheck(p.CreditCode) != p.CreditCode[17] {
			t.Fatalf("invalid credit code %s", p.CreditCode)
		}
		if orgCodeCheck(p.CreditCode[8:16]) != p.CreditCode[16] {
			t.Fatalf("credit code %s embeds an invalid organization code", p.CreditCode)
		}
		if p.Name == "" || !strings.HasPrefix(p.OrgName, "武汉") || p.LoginType != loginLegal {
			t.Fatalf("incomplete legal persona %+v", p)
		}
	}
}

func TestRandomPersonaPersonal(t *testing.T) {
	p := randomPersona(rand.New(rand.NewPCG(3, 4)), loginPersonal)
	if p.LoginType != loginPersonal {
		t.Errorf("LoginType = %q, want personal", p.LoginType)
	}
	if p.OrgName != "" || p.CreditCode != "" {
		t.Errorf("personal persona has organization %q %q", p.OrgName, p.CreditCode)
	}
}

func TestSubjectForStable(t *testing.T) {
	first := subjectFor("13800000000")
	if first != subjectFor("13800000000") {
		t.Error("same phone gave different subjects")
	}
	if first == subjectFor("13800000001") {
		t.Error("different phones gave the same subject")
	}
	if !strings.HasPrefix(first, "dev-") || len(first) != len("dev-")+24 {
		t.Errorf("subject = %q, want dev- and 24 hex digits", first)
	}
}
