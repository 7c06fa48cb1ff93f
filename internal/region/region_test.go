package region

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"wct/internal/validate"
)

var wuhanDistricts = []Region{
	{"420102", "江岸区", LevelDistrict, "420100"},
	{"420103", "江汉区", LevelDistrict, "420100"},
	{"420104", "硚口区", LevelDistrict, "420100"},
	{"420105", "汉阳区", LevelDistrict, "420100"},
	{"420106", "武昌区", LevelDistrict, "420100"},
	{"420107", "青山区", LevelDistrict, "420100"},
	{"420111", "洪山区", LevelDistrict, "420100"},
	{"420112", "东西湖区", LevelDistrict, "420100"},
	{"420113", "汉南区", LevelDistrict, "420100"},
	{"420114", "蔡甸区", LevelDistrict, "420100"},
	{"420115", "江夏区", LevelDistrict, "420100"},
	{"420116", "黄陂区", LevelDistrict, "420100"},
	{"420117", "新洲区", LevelDistrict, "420100"},
}

func TestLookup(t *testing.T) {
	tests := []Region{
		{"420000", "湖北省", LevelProvince, ""},
		{"420100", "武汉市", LevelCity, "420000"},
		{"420102", "江岸区", LevelDistrict, "420100"},
		{"110000", "北京市", LevelProvince, ""},
		{"110108", "海淀区", LevelDistrict, "110000"},
		{"500229", "城口县", LevelDistrict, "500000"},
		{"429004", "仙桃市", LevelDistrict, "420000"},
		{"441900", "东莞市", LevelCity, "440000"},
		{"810001", "中西区", LevelDistrict, "810000"},
	}
	for _, want := range tests {
		got, ok := Lookup(want.Code)
		if !ok {
			t.Errorf("Lookup(%s) not found", want.Code)
			continue
		}
		if got != want {
			t.Errorf("Lookup(%s) = %+v, want %+v", want.Code, got, want)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, code := range []string{"", "42", "4201", "420101", "420199", "110100", "429000", "990000", "42010", "4201022", "abcdef", "130171"} {
		if r, ok := Lookup(code); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", code, r)
		}
	}
}

func TestWuhanDistricts(t *testing.T) {
	var got []Region
	for _, r := range data().regions {
		if r.Parent == "420100" {
			got = append(got, r)
		}
	}
	if !slices.Equal(got, wuhanDistricts) {
		t.Errorf("children of 420100:\n got %+v\nwant %+v", got, wuhanDistricts)
	}
	for _, d := range wuhanDistricts {
		if !IsLeaf(d.Code) {
			t.Errorf("IsLeaf(%s %s) = false", d.Code, d.Name)
		}
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		{"420000", []string{"湖北省"}},
		{"420100", []string{"湖北省", "武汉市"}},
		{"420111", []string{"湖北省", "武汉市", "洪山区"}},
		{"110105", []string{"北京市", "朝阳区"}},
		{"500243", []string{"重庆市", "彭水苗族土家族自治县"}},
		{"429021", []string{"湖北省", "神农架林区"}},
		{"659001", []string{"新疆维吾尔自治区", "石河子市"}},
		{"820001", []string{"澳门特别行政区", "花地玛堂区"}},
		{"420101", nil},
		{"", nil},
	}
	for _, tt := range tests {
		path := Path(tt.code)
		var names []string
		for _, r := range path {
			names = append(names, r.Name)
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("Path(%q) names = %q, want %q", tt.code, names, tt.want)
		}
		if len(path) > 0 && path[len(path)-1].Code != tt.code {
			t.Errorf("Path(%q) ends with %s", tt.code, path[len(path)-1].Code)
		}
	}
}

func TestIsLeaf(t *testing.T) {
	tests := map[string]bool{
		"420102": true,
		"429004": true,  // county-level city under the province
		"441900": true,  // prefecture-level city without districts
		"710000": true,  // province without subdivisions in the data set
		"420100": false, // city with districts
		"420000": false,
		"110000": false,
		"420101": false, // dropped 市辖区 placeholder
		"999999": false,
		"":       false,
	}
	for code, want := range tests {
		if got := IsLeaf(code); got != want {
			t.Errorf("IsLeaf(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestNoPlaceholders(t *testing.T) {
	for _, r := range data().regions {
		if r.Name == "市辖区" || r.Name == "县" || strings.Contains(r.Name, "直辖县级行政区划") {
			t.Errorf("placeholder %s %s in table", r.Code, r.Name)
		}
	}
}

func TestTableShape(t *testing.T) {
	counts := map[int]int{}
	for _, r := range data().regions {
		counts[r.Level]++
	}
	// The 34 province-level divisions, and lower bounds for the others
	// so that a truncated table fails.
	if counts[LevelProvince] != 34 {
		t.Errorf("%d provinces, want 34", counts[LevelProvince])
	}
	if counts[LevelCity] < 330 {
		t.Errorf("%d cities, want at least 330", counts[LevelCity])
	}
	if counts[LevelDistrict] < 2800 {
		t.Errorf("%d districts, want at least 2800", counts[LevelDistrict])
	}
}

func TestTree(t *testing.T) {
	tree := Tree()
	if len(tree) != 34 {
		t.Fatalf("Tree() has %d provinces, want 34", len(tree))
	}
	hubei := findNode(tree, "420000")
	if hubei == nil {
		t.Fatal("Tree() has no 420000")
	}
	wuhan := findNode(hubei.Children, "420100")
	if wuhan == nil {
		t.Fatal("420000 has no child 420100")
	}

	var codes []string
	for _, n := range wuhan.Children {
		codes = append(codes, n.Code)
		if n.Children != nil {
			t.Errorf("district %s has children", n.Code)
		}
	}
	var want []string
	for _, d := range wuhanDistricts {
		want = append(want, d.Code)
	}
	if !slices.Equal(codes, want) {
		t.Errorf("420100 children = %v, want %v", codes, want)
	}

	if findNode(hubei.Children, "429004") == nil {
		t.Error("仙桃市 429004 is not a direct child of 420000")
	}
	if &Tree()[0] != &tree[0] {
		t.Error("Tree() built a new slice on the second call")
	}
}

func TestTreeCoversTable(t *testing.T) {
	seen := map[string]bool{}
	var walk func(nodes []Node)
	walk = func(nodes []Node) {
		for _, n := range nodes {
			if seen[n.Code] {
				t.Errorf("%s appears twice in the tree", n.Code)
			}
			seen[n.Code] = true
			walk(n.Children)
		}
	}
	walk(Tree())
	if len(seen) != len(data().regions) {
		t.Errorf("tree has %d nodes, table has %d regions", len(seen), len(data().regions))
	}
}

func TestTreeJSON(t *testing.T) {
	raw, err := json.Marshal(Tree()[0])
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	if !strings.HasPrefix(s, `{"code":"110000","name":"北京市","children":[{"code":"110101","name":"东城区"}`) {
		t.Errorf("JSON starts %.80s", s)
	}
}

func findNode(nodes []Node, code string) *Node {
	for i := range nodes {
		if nodes[i].Code == code {
			return &nodes[i]
		}
	}
	return nil
}

func TestValidateAddress(t *testing.T) {
	tests := []struct {
		code    string
		wantErr error
		text    string
	}{
		{"420102", nil, ""},
		{"429005", nil, ""},
		{"110101", nil, ""},
		{"", validate.ErrRequired, "请选择所在地区"},
		{"420000", validate.ErrFormat, "请选择到区县一级，当前只选到了湖北省"},
		{"420100", validate.ErrFormat, "请选择到区县一级，当前只选到了武汉市"},
		{"420101", validate.ErrFormat, "所选地区不存在"},
		{"12345x", validate.ErrFormat, "所选地区不存在"},
	}
	for _, tt := range tests {
		err := ValidateAddress(tt.code)
		if tt.wantErr == nil {
			if err != nil {
				t.Errorf("ValidateAddress(%q) = %v", tt.code, err)
			}
			continue
		}
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("ValidateAddress(%q) = %v, want one wrapping %v", tt.code, err, tt.wantErr)
			continue
		}
		var verr *validate.Error
		if !errors.As(err, &verr) {
			t.Errorf("ValidateAddress(%q) returned %T, want *validate.Error", tt.code, err)
			continue
		}
		if !strings.Contains(verr.Message, tt.text) {
			t.Errorf("ValidateAddress(%q) message = %q, want it to contain %q", tt.code, verr.Message, tt.text)
		}
	}
}

func TestParseTableRejects(t *testing.T) {
	tests := map[string]string{
		"not JSON":             `{`,
		"short code":           `[{"code":"4200","name":"x","level":1,"parent":""}]`,
		"bad level":            `[{"code":"420000","name":"x","level":4,"parent":""}]`,
		"duplicate":            `[{"code":"420000","name":"x","level":1,"parent":""},{"code":"420000","name":"y","level":1,"parent":""}]`,
		"missing parent":       `[{"code":"420100","name":"x","level":2,"parent":"420000"}]`,
		"parent below":         `[{"code":"420000","name":"x","level":1,"parent":""},{"code":"420100","name":"y","level":3,"parent":"420000"},{"code":"420102","name":"z","level":2,"parent":"420100"}]`,
		"province with parent": `[{"code":"420000","name":"x","level":1,"parent":"110000"},{"code":"110000","name":"y","level":1,"parent":""}]`,
	}
	for name, raw := range tests {
		if _, err := parseTable([]byte(raw)); err == nil {
			t.Errorf("%s: parseTable accepted %s", name, raw)
		}
	}
}
