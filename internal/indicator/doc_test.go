package indicator

import (
	"os"
	"strings"
	"testing"
)

// TestDocumented checks that docs/indicators.md has one table row per
// indicator, with the name, unit, version and source of Definitions.
func TestDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/indicators.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for i, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 8 {
			continue // the flag table
		}
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		key := strings.Trim(cells[0], "`")
		if _, ok := Lookup(key); !ok {
			t.Errorf("line %d: %q is not an indicator", i+1, key)
			continue
		}
		if _, dup := rows[key]; dup {
			t.Errorf("line %d: %q documented twice", i+1, key)
		}
		rows[key] = cells
	}
	for _, d := range Definitions() {
		cells, ok := rows[d.Key]
		if !ok {
			t.Errorf("%s: not documented", d.Key)
			continue
		}
		for _, c := range []struct{ what, got, want string }{
			{"name", cells[1], d.Name},
			{"unit", cells[3], "`" + d.Unit + "`"},
			{"version", cells[5], d.Version},
			{"source", cells[6], d.Source},
		} {
			if c.got != c.want {
				t.Errorf("%s: documented %s %q, want %q", d.Key, c.what, c.got, c.want)
			}
		}
		if cells[2] == "" || cells[4] == "" || cells[7] == "" {
			t.Errorf("%s: documented with an empty formula, columns or flags", d.Key)
		}
	}
}
