package fusion

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withBusinessNo adds a business_no column to the city's merchant master,
// the numbers given in row order ("" for an empty cell).
func withBusinessNo(nos ...string) string {
	lines := strings.Split(strings.TrimSuffix(cityMerchants(), "\n"), "\n")
	lines[0] += ",business_no"
	for i := 1; i < len(lines); i++ {
		no := ""
		if i-1 < len(nos) {
			no = nos[i-1]
		}
		lines[i] += "," + no
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestRunBusinessNo checks that the optional business_no column is checked
// (10 digits, check digit) and otherwise changes nothing of what is written.
func TestRunBusinessNo(t *testing.T) {
	ref := newCity(t)
	if _, err := Run(context.Background(), ref.options()); err != nil {
		t.Fatal(err)
	}
	want := dirDigestExcept(t, ref.out, "provenance.json")
	tests := []struct {
		name, master, err string
	}{
		{"valid, hyphens and empty", withBusinessNo("2208162517", "124-81-00998", "", "2208162517"), ""},
		{"wrong check digit", withBusinessNo("2208162517", "2208162518"), `merchants.csv: line 3: column business_no: "2208162518": the check digit is wrong`},
		{"not ten digits", withBusinessNo("12345"), `merchants.csv: line 2: column business_no: "12345": want 10 digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCity(t)
			c.merchants = writeFile(t, t.TempDir(), "merchants.csv", tt.master)
			_, err := Run(context.Background(), c.options())
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dirDigestExcept(t, c.out, "provenance.json"); got != want {
				t.Error("the fused files differ from those of the master without business_no")
			}
		})
	}
}

// dirDigestExcept is dirDigest without the named file.
func dirDigestExcept(t *testing.T, dir, except string) string {
	t.Helper()
	var b strings.Builder
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == except {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(e.Name() + "\n" + string(body))
	}
	return b.String()
}
