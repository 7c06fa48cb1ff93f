package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// raw sends body as it is, without encoding it, and returns the response.
func (c *client) raw(t testing.TB, method, path string, body []byte) response {
	t.Helper()
	req, _ := http.NewRequest(method, c.e.baseURL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: b}
}

// TestUnreadableJSONTextRefused checks that JSON bodies whose strings are
// not valid UTF-8, or hold a lone surrogate escape, are refused like NUL
// instead of being stored with U+FFFD in their place.
func TestUnreadableJSONTextRefused(t *testing.T) {
	e := newEnv(t)
	op := e.operator(t)
	grid := op.must(t, http.StatusCreated, "POST", "/api/v1/admin/grids",
		map[string]string{"name": "字节网格", "regionCode": "420111"})["id"].(string)
	admin := legalAdmin(t, e, "武汉字节检查有限公司")

	tests := []struct {
		name   string
		c      *client
		method string
		path   string
		body   string
	}{
		{"invalid UTF-8 in a grid rename", op, "PUT", "/api/v1/admin/grids/" + grid, "{\"name\":\"\xff\xfe网格\"}"},
		{"lone surrogate in a grid rename", op, "PUT", "/api/v1/admin/grids/" + grid, `{"name":"\ud800网格"}`},
		{"invalid UTF-8 in a new grid", op, "POST", "/api/v1/admin/grids", "{\"name\":\"\xc0\xaf新网格\",\"regionCode\":\"420111\"}"},
		{"invalid UTF-8 in a member name", admin, "POST", "/api/v1/org/members", fmt.Sprintf("{\"name\":\"\xff张三\",\"phone\":%q}", newPhone())},
		{"lone surrogate in a member name", admin, "POST", "/api/v1/org/members", fmt.Sprintf(`{"name":"\udc00李四","phone":%q}`, newPhone())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.raw(t, tt.method, tt.path, []byte(tt.body))
			if r.status != http.StatusBadRequest {
				t.Errorf("status %d, want 400: %.200s", r.status, r.body)
			}
		})
	}
}

// TestMemberAddLimitPerManager checks that the hourly limit on direct
// additions counts each manager apart: one manager's 30 tries leave
// another manager of the same enterprise free to add.
func TestMemberAddLimitPerManager(t *testing.T) {
	e := newEnv(t)
	first := legalAdmin(t, e, "武汉双管理员有限公司")
	second := e.client()
	p := newPersona(t, "第二管理")
	second.ssoLogin(t, p)
	added := first.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": p.Name, "phone": p.Phone})
	first.must(t, http.StatusOK, "PUT", "/api/v1/org/members/"+added["identityId"].(string)+"/role", map[string]string{"role": "admin"})
	for i := range 29 {
		first.must(t, http.StatusCreated, "POST", "/api/v1/org/members",
			map[string]string{"name": fmt.Sprintf("甲候选%02d", i), "phone": newPhone()})
	}
	first.must(t, http.StatusTooManyRequests, "POST", "/api/v1/org/members", map[string]string{"name": "甲超额", "phone": newPhone()})

	enter(t, second, "武汉双管理员有限公司")
	second.must(t, http.StatusCreated, "POST", "/api/v1/org/members", map[string]string{"name": "乙候选", "phone": newPhone()})
}

// TestMemberAddLimitUnderConcurrency checks that 40 additions sent at
// once by one manager add at most 30 members: the count and the
// addition must not race.
func TestMemberAddLimitUnderConcurrency(t *testing.T) {
	e := newEnv(t)
	admin := legalAdmin(t, e, "武汉并发添加有限公司")
	statuses := make(chan int, 40)
	for i := range 40 {
		go func() {
			body := []byte(fmt.Sprintf(`{"name":"并发%02d","phone":%q}`, i, newPhone()))
			statuses <- admin.raw(t, "POST", "/api/v1/org/members", body).status
		}()
	}
	created := 0
	for range 40 {
		if <-statuses == http.StatusCreated {
			created++
		}
	}
	if created != 30 {
		t.Errorf("%d of 40 additions sent at once succeeded, want exactly 30", created)
	}
	r := admin.do(t, "POST", "/api/v1/org/members", map[string]string{"name": "再来一个", "phone": newPhone()})
	if r.status != http.StatusTooManyRequests || !strings.Contains(string(r.body), "分钟后再试") {
		t.Errorf("addition after the limit: %d %s, want 429 saying in how many minutes to try again", r.status, r.body)
	}
}
