package indicator

import (
	"slices"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// TestDefinitionDatasets: every indicator names the quarterly datasets it
// reads, which the default quarter of its map and ranking rests on.
func TestDefinitionDatasets(t *testing.T) {
	want := map[string][]string{
		KeySalesAmount:    {"sales"},
		KeySalesPerStore:  {"sales", "stores"},
		KeyFootPerKm2:     {"foot_traffic"},
		KeyCloseRate:      {"stores"},
		KeyChangeIndex:    {"change_index"},
		KeyStartupRisk:    {"stores", "change_index"},
		KeyEvalScore:      {"sales", "foot_traffic", "change_index", "stores", "income", "facilities"},
		KeyVitalityIndex:  {"vitality"},
		KeyMonthlyIncome:  {"income"},
		KeySaturation:     {"stores", "foot_traffic"},
		KeyFranchiseShare: {"stores"},
	}
	for _, d := range Definitions() {
		if len(d.Datasets) == 0 {
			t.Errorf("%s reads no quarterly dataset", d.Key)
		}
		for _, ds := range d.Datasets {
			if !slices.Contains(seoul.Datasets, seoul.Dataset(ds)) {
				t.Errorf("%s reads %q, not a dataset", d.Key, ds)
			}
		}
		if w, ok := want[d.Key]; ok && !slices.Equal(d.Datasets, w) {
			t.Errorf("%s reads %v, want %v", d.Key, d.Datasets, w)
		}
	}
}
