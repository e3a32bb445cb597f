package indicator

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// seoulData returns the folder of real Seoul data that SANGSAENG_SEOUL_DATA
// names, skipping the test when it is not set.
func seoulData(t *testing.T) string {
	t.Helper()
	dir := seoultest.Dir(t, "test the rules against the published files")
	return dir
}

// publishedRows reads a published CSV (CP949: only its ASCII columns are
// used, by position) and checks its width.
func publishedRows(t *testing.T, path string, width int) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) < 2 || len(rows[0]) != width {
		t.Fatalf("%s: %d rows of %d columns, want a header of %d", path, len(rows), len(rows[0]), width)
	}
	return rows[1:]
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestChangeIndexRulePublished checks the reproduction rule on every row
// of the published 상권변화지표: no decided label differs from the
// publisher's, and rows at Seoul's average carry both letters.
func TestChangeIndexRulePublished(t *testing.T) {
	rows := publishedRows(t, filepath.Join(seoulData(t), "published", "change_index_trdar_20191-20252.cp949.csv"), 11)
	var decided, borderline, mismatched int
	letters := map[string]map[byte]bool{"operating": {}, "closed": {}}
	for i, r := range rows {
		c := Change{Label: r[5], Operating: atoi(t, r[7]), Closed: atoi(t, r[8]), SeoulOperating: atoi(t, r[9]), SeoulClosed: atoi(t, r[10])}
		switch got := ReproduceChangeIndex(c); {
		case got == LabelBorderline:
			borderline++
			if c.Operating == c.SeoulOperating {
				letters["operating"][c.Label[0]] = true
			}
			if c.Closed == c.SeoulClosed {
				letters["closed"][c.Label[1]] = true
			}
		case got != c.Label:
			mismatched++
			if mismatched <= 5 {
				t.Errorf("line %d: %+v reproduced as %s", i+2, c, got)
			}
		default:
			decided++
		}
	}
	if mismatched > 0 {
		t.Errorf("%d of %d decided rows differ from the published label", mismatched, mismatched+decided)
	}
	for which, seen := range letters {
		if !seen['H'] || !seen['L'] {
			t.Errorf("rows with %s months at Seoul's average are published only as %v: borderline would be needless", which, seen)
		}
	}
	t.Logf("%d rows decided and equal to the published label, %d borderline", decided, borderline)
}

// TestRateTolerancePublished checks that no published rate of the
// chicken stores file is flagged rate_mismatch, and that the tolerance
// beyond 0.5 is needed.
func TestRateTolerancePublished(t *testing.T) {
	rows := publishedRows(t, filepath.Join(seoulData(t), "published", "stores_trdar_chicken_20241-20251.cp949.csv"), 14)
	var beyondHalf, flagged int
	for i, r := range rows {
		st := &Stores{Stores: atoi(t, r[7]), Similar: atoi(t, r[8]), Opened: atoi(t, r[10]), Closed: atoi(t, r[12]), Franchise: atoi(t, r[13]), HasRates: true}
		var err error
		if st.OpenRate, err = strconv.ParseFloat(r[9], 64); err != nil {
			t.Fatal(err)
		}
		if st.CloseRate, err = strconv.ParseFloat(r[11], 64); err != nil {
			t.Fatal(err)
		}
		for _, pair := range []struct {
			count int64
			rate  float64
		}{{st.Opened, st.OpenRate}, {st.Closed, st.CloseRate}} {
			if rateMismatch(st, pair.count, pair.rate) {
				flagged++
				t.Errorf("line %d: %+v: rate %v of %d flagged", i+2, st, pair.rate, pair.count)
			}
			if st.Similar > 0 && math.Abs(pair.rate-float64(pair.count)/float64(st.Similar)*100) > 0.5 {
				beyondHalf++
			}
		}
	}
	if beyondHalf == 0 {
		t.Errorf("no rate is more than 0.5 from its count: the tolerance of %v could be 0.5", rateTolerance)
	}
	t.Logf("%d rows, %d rates flagged, %d rates 0.5–0.55 from the counts", len(rows), flagged, beyondHalf)
}
