package main

import (
	"strings"
	"testing"

	"wct/internal/sso"
)

func TestParseTicketParams(t *testing.T) {
	got, err := parseTicketParams("app_code=appId, return_url=service,access_token=accessToken,token_query=token")
	if err != nil {
		t.Fatal(err)
	}
	want := sso.TicketParams{AppCode: "appId", ReturnURL: "service", AccessToken: "accessToken", TokenQuery: "token"}
	if got != want {
		t.Errorf("params = %+v, want %+v", got, want)
	}
}

func TestParseRolesRejects(t *testing.T) {
	for _, spec := range []string{"app_code", "app_code=", "ticket=t", "app_code=a,,return_url=r"} {
		t.Run(spec, func(t *testing.T) {
			_, err := parseTicketParams(spec)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), "WCT_TICKET_PARAMS") {
				t.Errorf("error %q does not name WCT_TICKET_PARAMS", err)
			}
		})
	}
}

func TestParseClaimsSubject(t *testing.T) {
	got, err := parseClaims("subject=userId,phone=mobile")
	if err != nil {
		t.Fatal(err)
	}
	if got != (sso.ClaimNames{Subject: "userId", Phone: "mobile"}) {
		t.Errorf("claims = %+v, want subject userId and phone mobile", got)
	}
}

func TestParseList(t *testing.T) {
	if got := parseList(""); got != nil {
		t.Errorf("parseList(\"\") = %q, want nil so the default applies", got)
	}
	if got := parseList(" 0, 00000 ,,"); strings.Join(got, "|") != "0|00000" {
		t.Errorf("parseList = %q, want [0 00000]", got)
	}
}
