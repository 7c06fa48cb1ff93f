package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"wct/internal/account"
	"wct/internal/devidp"
	"wct/internal/grid"
	"wct/internal/httpapi"
	"wct/internal/onboarding"
	"wct/internal/platform/blob"
	"wct/internal/platform/config"
	"wct/internal/platform/idcipher"
	"wct/internal/platform/password"
	"wct/internal/platform/redact"
	"wct/internal/platform/sms"
	"wct/internal/sso"
	"wct/internal/store"
	"wct/web"
)

// app is the wired product: storage, use cases and the HTTP surface.
type app struct {
	store    *store.Store
	accounts *account.Service
	server   *httpapi.Server
}

// openStore opens and migrates the database of the configuration.
func openStore(ctx context.Context, cfg config.Config, logger *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	n, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if n > 0 {
		logger.Info("migrations applied", slog.Int("count", n), slog.String("dialect", st.Dialect()))
	}
	return st, nil
}

func newApp(ctx context.Context, cfg config.Config, logger *slog.Logger) (*app, error) {
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	cipher, err := loadCipher(cfg)
	if err != nil {
		st.Close()
		return nil, err
	}
	a := &app{store: st}
	a.accounts = &account.Service{Store: st, Cipher: cipher, Hasher: password.Hasher{Params: password.DefaultParams}, SMSLimits: account.DefaultSMSLimits,
		SessionTTL: cfg.SessionTTL, Logger: logger}
	srv := &httpapi.Server{Accounts: a.accounts, Store: st, SecureCookies: cfg.SecureCookies(), Logger: logger,
		TrustedProxies: cfg.TrustedProxies,
		Onboarding: &onboarding.Service{Store: st, Cipher: cipher,
			Blobs: blob.Dir{Path: filepath.Join(cfg.DataDir, "uploads")}},
		Grids: &grid.Service{Store: st}}
	if srv.Web, err = fs.Sub(web.Dist, "dist"); err != nil {
		st.Close()
		return nil, err
	}
	if err := wireExternal(cfg, a.accounts, srv, st, logger); err != nil {
		st.Close()
		return nil, err
	}
	a.server = srv
	return a, nil
}

// wireExternal connects the SMS sender and the identity provider: the
// development outbox and provider in development mode, the configured
// ones otherwise. The ticket protocol records redeemed tickets in ledger.
func wireExternal(cfg config.Config, accounts *account.Service, srv *httpapi.Server, ledger sso.TicketLedger,
	logger *slog.Logger) error {
	claims, err := parseClaims(cfg.SSOClaims)
	if err != nil {
		return err
	}
	if cfg.Dev {
		return wireDevelopment(cfg, claims, accounts, srv, logger)
	}
	accounts.SMS, err = sms.NewAliyun(sms.AliyunConfig{Endpoint: cfg.AliyunEndpoint,
		AccessKeyID: cfg.AliyunAccessKeyID, AccessKeySecret: redact.Secret(cfg.AliyunAccessSecret),
		SignName: cfg.AliyunSignName, TemplateCode: cfg.AliyunTemplateCode})
	if err != nil {
		return fmt.Errorf("aliyun sms: %w", err)
	}
	srv.SSO, err = newSSOProvider(cfg, claims, ledger)
	return err
}

// wireDevelopment connects the development SMS outbox and the development
// OpenID provider, whatever protocol is configured.
func wireDevelopment(cfg config.Config, claims sso.ClaimNames, accounts *account.Service, srv *httpapi.Server, logger *slog.Logger) error {
	outbox := sms.NewOutbox(logger, sms.DefaultOutboxCapacity)
	accounts.SMS, srv.Outbox = outbox, outbox
	secret := randomSecret()
	ssoCfg := sso.Config{Name: "dev", Issuer: cfg.BaseURL + "/dev/idp", ClientID: "wct", ClientSecret: secret,
		RedirectURL: cfg.BaseURL + ssoCallbackPath, Claims: claims}
	var err error
	srv.DevIdP, err = devidp.New(devidp.Config{Issuer: ssoCfg.Issuer, Logger: logger,
		Clients: []devidp.Client{{ID: "wct", Secret: secret, RedirectURIs: []string{ssoCfg.RedirectURL}}}})
	if err != nil {
		return fmt.Errorf("development identity provider: %w", err)
	}
	logger.Warn("development mode: the development identity provider and SMS outbox are enabled")
	srv.SSO = sso.NewOIDC(ssoCfg)
	return nil
}

// parseClaims reads WCT_SSO_CLAIMS, "role=claim,..." where role is
// subject, name, id_number, phone, org_name or credit_code.
func parseClaims(spec string) (sso.ClaimNames, error) {
	var c sso.ClaimNames
	err := parseRoles("WCT_SSO_CLAIMS (or WCT_OIDC_CLAIMS)", spec, map[string]*string{"subject": &c.Subject,
		"name": &c.Name, "id_number": &c.IDNumber, "phone": &c.Phone, "org_name": &c.OrgName, "credit_code": &c.CreditCode})
	return c, err
}

// loadCipher returns the keyring for ID numbers: from WCT_ID_KEYS and
// WCT_ID_LOOKUP_KEY when set, else from a key file under the data
// directory that is created on first start.
func loadCipher(cfg config.Config) (idcipher.Cipher, error) {
	if cfg.IDKeys == "" {
		return idcipher.LoadOrCreate(filepath.Join(cfg.DataDir, "id-keys.json"))
	}
	keys, err := idcipher.ParseKeys(cfg.IDKeys)
	if err != nil {
		return nil, fmt.Errorf("WCT_ID_KEYS: %w", err)
	}
	lookup, err := idcipher.DecodeKey(cfg.IDLookupKey)
	if err != nil {
		return nil, fmt.Errorf("WCT_ID_LOOKUP_KEY: %w", err)
	}
	current, _, _ := strings.Cut(strings.TrimSpace(cfg.IDKeys), ":")
	return idcipher.NewKeyring(current, keys, lookup)
}

func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sweep deletes expired sessions and login states every interval until
// ctx ends.
func sweep(ctx context.Context, st *store.Store, interval time.Duration, logger *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := st.DeleteExpired(ctx); err != nil {
				logger.Error("delete expired sessions failed", slog.Any("error", err))
			} else if n > 0 {
				logger.Info("expired sessions deleted", slog.Int64("count", n))
			}
		}
	}
}

// newHTTPServer returns the server with timeouts that bound slow clients.
func newHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
}
