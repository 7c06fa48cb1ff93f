package httpapi

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// contractRoutes reads the operations of api/openapi.yaml as
// "METHOD /api/v1/path/{}", relying on the file's two-space indentation:
// paths at two spaces, methods at four.
func contractRoutes(t *testing.T) []string {
	f, err := os.Open("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pathLine := regexp.MustCompile(`^  (/\S*):\s*$`)
	methodLine := regexp.MustCompile(`^    (get|post|put|delete|patch):\s*$`)
	var routes []string
	var current string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := pathLine.FindStringSubmatch(sc.Text()); m != nil {
			current = m[1]
		} else if m := methodLine.FindStringSubmatch(sc.Text()); m != nil && current != "" {
			routes = append(routes, strings.ToUpper(m[1])+" /api/v1"+current)
		}
	}
	return normalize(routes)
}

var param = regexp.MustCompile(`\{[^}]*\}`)

func normalize(routes []string) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = param.ReplaceAllString(r, "{}")
	}
	slices.Sort(out)
	return out
}

func TestRoutesMatchContract(t *testing.T) {
	want := contractRoutes(t)
	if len(want) < 30 {
		t.Fatalf("read only %d operations from openapi.yaml", len(want))
	}
	got := normalize((&Server{}).Routes())
	for _, r := range want {
		if !slices.Contains(got, r) {
			t.Errorf("%s is in openapi.yaml but not served", r)
		}
	}
	for _, r := range got {
		if !slices.Contains(want, r) {
			t.Errorf("%s is served but not in openapi.yaml", r)
		}
	}
}
