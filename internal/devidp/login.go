package devidp

import (
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

//go:embed login.html
var loginHTML string

var loginTemplate = template.Must(template.New("login").Parse(loginHTML))

// loginPage is the data of login.html.
type loginPage struct {
	Missing  bool
	ID       string
	ClientID string
	Persona  personaForm
	Errors   []string
}

// personaForm is a persona as shown in the form.
type personaForm struct {
	persona
	Legal bool
}

// loginHandler serves the persona form in place of the provincial login
// page.
//
// The form needs no CSRF token. The auth request ID in it is 128 random
// bits that a cross-site page cannot learn, each request logs in once, and
// http.CrossOriginProtection rejects cross-origin POSTs from browsers.
type loginHandler struct {
	store       *storage
	logger      *slog.Logger
	provider    *op.Provider
	issuer      string
	callbackURL func(ctx context.Context, authRequestID string) string
}

// show renders the form for the auth request in the "id" query parameter,
// pre-filled with a random persona when "random" is 1.
func (h *loginHandler) show(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	a, err := h.pendingRequest(query.Get("id"))
	if err != nil {
		h.logger.Info("devidp: login page for unknown, expired or finished auth request", "err", err)
		h.render(w, http.StatusNotFound, loginPage{Missing: true})
		return
	}
	p := persona{LoginType: query.Get("login_type")}
	if query.Get("random") == "1" {
		rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		p = randomPersona(rng, p.LoginType)
	}
	h.render(w, http.StatusOK, newLoginPage(a, p, nil))
}

// submit logs the auth request in as the posted persona, or denies it
// when the tester pressed 拒绝授权, and redirects back into the OIDC flow.
func (h *loginHandler) submit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.logger.Info("devidp: invalid login form", "err", err)
		http.Error(w, "invalid form: "+err.Error(), http.StatusBadRequest)
		return
	}
	a, err := h.pendingRequest(r.PostForm.Get("id"))
	if err != nil {
		h.logger.Info("devidp: login posted for unknown, expired or finished auth request", "err", err)
		h.render(w, http.StatusNotFound, loginPage{Missing: true})
		return
	}
	if r.PostForm.Get("action") == "deny" {
		h.deny(w, r, a)
		return
	}

	p := personaFromForm(r)
	if problems := p.problems(); len(problems) > 0 {
		h.render(w, http.StatusUnprocessableEntity, newLoginPage(a, p, problems))
		return
	}
	if err := h.store.completeLogin(a.ID, p); err != nil {
		h.logger.Info("devidp: login posted for unknown, expired or finished auth request", "err", err)
		h.render(w, http.StatusNotFound, loginPage{Missing: true})
		return
	}
	h.logger.Info("devidp: login", "client_id", a.ClientID, "subject", subjectFor(p.Phone), "login_type", p.LoginType)
	ctx := op.ContextWithIssuer(r.Context(), h.issuer)
	http.Redirect(w, r, h.callbackURL(ctx, a.ID), http.StatusSeeOther)
}

// deny ends the auth request with access_denied, sent to the client's
// redirect URI.
func (h *loginHandler) deny(w http.ResponseWriter, r *http.Request, a *authRequest) {
	if err := h.store.DeleteAuthRequest(r.Context(), a.ID); err != nil {
		h.logger.Error("devidp: delete denied auth request", "err", err)
	}
	h.logger.Info("devidp: login denied", "client_id", a.ClientID)
	op.AuthRequestError(w, r, a, oidc.ErrAccessDenied().WithDescription("the user denied the login"), h.provider)
}

func (h *loginHandler) pendingRequest(id string) (*authRequest, error) {
	a, err := h.store.authRequest(id)
	if err != nil {
		return nil, err
	}
	if a.LoggedIn {
		return nil, fmt.Errorf("devidp: auth request %q is already logged in", id)
	}
	return a, nil
}

func (h *loginHandler) render(w http.ResponseWriter, status int, page loginPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	if err := loginTemplate.Execute(w, page); err != nil {
		h.logger.Error("devidp: render login page", "err", err)
	}
}

func newLoginPage(a *authRequest, p persona, problems []string) loginPage {
	return loginPage{
		ID:       a.ID,
		ClientID: a.ClientID,
		Persona:  personaForm{persona: p, Legal: p.LoginType == loginLegal},
		Errors:   problems,
	}
}

func personaFromForm(r *http.Request) persona {
	field := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	p := persona{
		Name:      field("name"),
		IDNumber:  field("id_number"),
		Phone:     field("phone"),
		LoginType: field("login_type"),
	}
	if p.LoginType == loginLegal {
		p.OrgName = field("org_name")
		p.CreditCode = field("credit_code")
	}
	return p
}

// problems returns the form errors in Chinese. Only missing values are
// errors: testers must be able to send malformed ID numbers, phones and
// credit codes to the product.
func (p persona) problems() []string {
	var problems []string
	if p.LoginType != loginPersonal && p.LoginType != loginLegal {
		problems = append(problems, "请选择个人登录或法人登录。")
	}
	if p.Name == "" {
		problems = append(problems, "请填写姓名。")
	}
	if p.Phone == "" {
		problems = append(problems, "请填写手机号。")
	}
	if p.legal() && p.OrgName == "" {
		problems = append(problems, "法人登录请填写单位名称。")
	}
	if p.legal() && p.CreditCode == "" {
		problems = append(problems, "法人登录请填写统一社会信用代码。")
	}
	return problems
}
