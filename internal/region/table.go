package region

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// parseTable decodes the region list and checks that codes are unique and
// six digits, levels are 1-3, and every parent exists at a higher level.
func parseTable(raw []byte) (*table, error) {
	var regions []Region
	if err := json.Unmarshal(raw, &regions); err != nil {
		return nil, fmt.Errorf("parse region table: %w", err)
	}
	slices.SortFunc(regions, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
	t := &table{
		regions:  regions,
		byCode:   make(map[string]int, len(regions)),
		children: make(map[string][]string),
	}
	for i, r := range regions {
		if !isCode(r.Code) || r.Level < LevelProvince || r.Level > LevelDistrict {
			return nil, fmt.Errorf("parse region table: invalid entry %+v", r)
		}
		if _, dup := t.byCode[r.Code]; dup {
			return nil, fmt.Errorf("parse region table: duplicate code %s", r.Code)
		}
		t.byCode[r.Code] = i
	}
	for _, r := range regions {
		if err := t.checkParent(r); err != nil {
			return nil, err
		}
		if r.Parent != "" {
			t.children[r.Parent] = append(t.children[r.Parent], r.Code)
		}
	}
	t.tree = t.buildNodes("")
	return t, nil
}

func (t *table) checkParent(r Region) error {
	if r.Level == LevelProvince {
		if r.Parent != "" {
			return fmt.Errorf("parse region table: province %s has parent %s", r.Code, r.Parent)
		}
		return nil
	}
	i, ok := t.byCode[r.Parent]
	if !ok || t.regions[i].Level >= r.Level {
		return fmt.Errorf("parse region table: %s has invalid parent %q", r.Code, r.Parent)
	}
	return nil
}

// buildNodes returns the subtree below parent, or the provinces when
// parent is "".
func (t *table) buildNodes(parent string) []Node {
	var codes []string
	if parent == "" {
		for _, r := range t.regions {
			if r.Level == LevelProvince {
				codes = append(codes, r.Code)
			}
		}
	} else {
		codes = t.children[parent]
	}
	if len(codes) == 0 {
		return nil
	}
	nodes := make([]Node, len(codes))
	for i, code := range codes {
		r := t.regions[t.byCode[code]]
		nodes[i] = Node{Code: r.Code, Name: r.Name, Children: t.buildNodes(r.Code)}
	}
	return nodes
}

func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
