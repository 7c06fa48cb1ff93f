package sso_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"wct/internal/sso"
)

// fakeProvider is an OpenID provider that puts only some claims in the ID
// token and the rest in userinfo, which OpenID Connect Core 1.0 allows.
type fakeProvider struct {
	server       *httptest.Server
	key          *rsa.PrivateKey
	idClaims     map[string]any
	userinfo     map[string]any
	userinfoHits int
	// tokenFailure and userinfoFailure, when set, are the status and the
	// JSON body with which the endpoint fails.
	tokenFailure, userinfoFailure *failure
}

type failure struct {
	status int
	body   string
}

func (f *failure) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	io.WriteString(w, f.body)
}

func newFakeProvider(t *testing.T, idClaims, userinfo map[string]any) *fakeProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeProvider{key: key, idClaims: idClaims, userinfo: userinfo}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", f.discovery)
	mux.HandleFunc("/keys", f.keys)
	mux.HandleFunc("/token", f.token(t))
	mux.HandleFunc("/userinfo", f.userinfoHandler)
	f.server = httptest.NewServer(mux)
	t.Cleanup(f.server.Close)
	return f
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (f *fakeProvider) discovery(w http.ResponseWriter, _ *http.Request) {
	base := f.server.URL
	writeJSON(w, map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/authorize",
		"token_endpoint":                        base + "/token",
		"jwks_uri":                              base + "/keys",
		"userinfo_endpoint":                     base + "/userinfo",
		"id_token_signing_alg_values_supported": []string{"RS256"},
	})
}

func (f *fakeProvider) keys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &f.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
}

func (f *fakeProvider) token(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if f.tokenFailure != nil {
			f.tokenFailure.write(w)
			return
		}
		claims := map[string]any{
			"iss": f.server.URL, "aud": testClientID, "sub": "person-1", "nonce": "fixed-nonce",
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix(),
		}
		for k, v := range f.idClaims {
			claims[k] = v
		}
		payload, err := json.Marshal(claims)
		if err != nil {
			t.Error(err)
			return
		}
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: f.key, KeyID: "k1"}}, nil)
		if err != nil {
			t.Error(err)
			return
		}
		signed, err := signer.Sign(payload)
		if err != nil {
			t.Error(err)
			return
		}
		idToken, err := signed.CompactSerialize()
		if err != nil {
			t.Error(err)
			return
		}
		writeJSON(w, map[string]any{"access_token": "access-1", "token_type": "Bearer", "expires_in": 60, "id_token": idToken})
	}
}

func (f *fakeProvider) userinfoHandler(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer access-1" {
		http.Error(w, "invalid token", http.StatusUnauthorized)
		return
	}
	f.userinfoHits++
	if f.userinfoFailure != nil {
		f.userinfoFailure.write(w)
		return
	}
	writeJSON(w, f.userinfo)
}

func (f *fakeProvider) exchange(t *testing.T, claims sso.ClaimNames) (sso.Identity, error) {
	t.Helper()
	p := sso.NewOIDC(sso.Config{
		Name: "hubei", Issuer: f.server.URL, ClientID: testClientID, ClientSecret: testSecret,
		RedirectURL: "http://127.0.0.1/callback", Claims: claims, HTTPClient: f.server.Client(),
	})
	r := newRequest(t)
	r.Nonce = "fixed-nonce"
	return p.Exchange(context.Background(), "code-1", r)
}

func TestExchangeReadsUserinfo(t *testing.T) {
	f := newFakeProvider(t,
		map[string]any{"name": "李四"},
		map[string]any{"sub": "person-1", "name": "userinfo name", "mobile": 13900000000, "id_number": "11010519491231002X",
			"org": "武汉测试有限公司", "uscc": "91420102000000000Q"},
	)
	id, err := f.exchange(t, sso.ClaimNames{Phone: "mobile", OrgName: "org", CreditCode: "uscc"})
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if id.Name != "李四" {
		t.Errorf("Name = %q, want the ID token value 李四", id.Name)
	}
	if id.Phone != "13900000000" {
		t.Errorf("Phone = %q, want 13900000000 from a numeric claim", id.Phone)
	}
	if id.IDNumber != "11010519491231002X" {
		t.Errorf("IDNumber = %q, want 11010519491231002X", id.IDNumber)
	}
	if id.Legal == nil || *id.Legal != (sso.Legal{OrgName: "武汉测试有限公司", CreditCode: "91420102000000000Q"}) {
		t.Errorf("Legal = %+v, want the userinfo organization", id.Legal)
	}
	if f.userinfoHits != 1 {
		t.Errorf("userinfo requests = %d, want 1", f.userinfoHits)
	}
}

func TestExchangeSkipsUserinfoWhenComplete(t *testing.T) {
	f := newFakeProvider(t,
		map[string]any{"name": "李四", "phone_number": "13900000000", "id_number": "X", "legal_org_name": "单位", "legal_credit_code": "C"},
		map[string]any{"sub": "person-1"},
	)
	if _, err := f.exchange(t, sso.ClaimNames{}); err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if f.userinfoHits != 0 {
		t.Errorf("userinfo requests = %d, want 0", f.userinfoHits)
	}
}

func TestExchangeRejectsUserinfoSubject(t *testing.T) {
	f := newFakeProvider(t,
		map[string]any{"name": "李四"},
		map[string]any{"sub": "someone-else", "phone_number": "13900000000"},
	)
	_, err := f.exchange(t, sso.ClaimNames{})
	if !errors.Is(err, sso.ErrInvalidIDToken) {
		t.Errorf("Exchange error = %v, want ErrInvalidIDToken", err)
	}
}

func TestExchangeRejectsHalfLegal(t *testing.T) {
	f := newFakeProvider(t,
		map[string]any{"name": "李四", "phone_number": "13900000000", "legal_org_name": "单位"},
		map[string]any{"sub": "person-1"},
	)
	_, err := f.exchange(t, sso.ClaimNames{})
	if !errors.Is(err, sso.ErrMissingClaim) {
		t.Errorf("Exchange error = %v, want ErrMissingClaim", err)
	}
}

// TestExchangeErrorsOmitQuotedSecrets makes the token and userinfo
// endpoints fail with messages that quote the code, the client secret,
// the access token and the person's claims from the ID token.
func TestExchangeErrorsOmitQuotedSecrets(t *testing.T) {
	const idNumber = "11010519491231002X"
	long := strings.Repeat("x", 100_000)
	tests := []struct {
		name     string
		token    *failure
		userinfo *failure
		wantErr  error
	}{
		{name: "token OAuth error", wantErr: sso.ErrAccessDenied, token: &failure{400,
			fmt.Sprintf(`{"error":"access_denied","error_description":"code code-1 with secret %s refused %s"}`, testSecret, long)}},
		{name: "token server error", wantErr: sso.ErrUnavailable, token: &failure{500,
			fmt.Sprintf(`{"message":"code code-1 with secret %s refused %s"}`, testSecret, long)}},
		{name: "userinfo error", wantErr: sso.ErrUnavailable, userinfo: &failure{400,
			fmt.Sprintf(`{"message":"token access-1 of 李四 (%s, 13900000000) refused %s"}`, idNumber, long)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t, map[string]any{"name": "李四", "id_number": idNumber, "phone_number": "13900000000"}, nil)
			f.tokenFailure, f.userinfoFailure = tt.token, tt.userinfo
			_, err := f.exchange(t, sso.ClaimNames{OrgName: "org"})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Exchange error = %v, want %v", err, tt.wantErr)
			}
			msg := err.Error()
			for _, secret := range []string{"code-1", testSecret, "access-1", "李四", idNumber, "13900000000"} {
				if strings.Contains(msg, secret) {
					t.Errorf("error %.300q contains %q", msg, secret)
				}
			}
			if !strings.Contains(msg, "refused") {
				t.Errorf("error %.300q lost the provider's words", msg)
			}
			if len(msg) > 1000 {
				t.Errorf("error has %d bytes, want the provider's text clipped", len(msg))
			}
		})
	}
}

func TestExchangeRejectsName(t *testing.T) {
	f := newFakeProvider(t, map[string]any{"name": "李四\u202e", "phone_number": "13900000000"}, map[string]any{"sub": "person-1"})
	_, err := f.exchange(t, sso.ClaimNames{})
	if !errors.Is(err, sso.ErrInvalidName) {
		t.Errorf("Exchange error = %v, want ErrInvalidName", err)
	}
}

func TestExchangeRejectsOrganizationName(t *testing.T) {
	for name, org := range map[string]string{
		"line break":   "武汉某某\n有限公司",
		"format char":  "武汉\u200b有限公司",
		"over the cap": strings.Repeat("武", 101),
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeProvider(t, map[string]any{"name": "李四", "phone_number": "13900000000",
				"legal_org_name": org, "legal_credit_code": "91310115MA1K3BTP2B"}, map[string]any{"sub": "person-1"})
			_, err := f.exchange(t, sso.ClaimNames{})
			if !errors.Is(err, sso.ErrInvalidName) {
				t.Errorf("Exchange error = %v, want ErrInvalidName", err)
			}
			if err != nil && strings.Contains(err.Error(), "武汉") {
				t.Errorf("error %q contains the organization's name", err)
			}
		})
	}
}
