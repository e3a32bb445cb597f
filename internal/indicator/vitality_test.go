package indicator

import (
	"reflect"
	"testing"
)

func TestVitalityIndex(t *testing.T) {
	runScenarios(t, []scenario{
		{"no feed row", nil, []check{{KeyVitalityIndex, nil, fl(FlagNoData)}}},
		{"the district's own value", func(d *District) { d.Vitality = &Vitality{Value: 72.5} },
			[]check{{KeyVitalityIndex, 72.5, nil}}},
		// Served to 2 decimals, half away from zero: 64.125 → 64.13.
		{"rounded when served", func(d *District) { d.Vitality = &Vitality{Value: 64.125} },
			[]check{{KeyVitalityIndex, 64.13, nil}}},
		{"its 행정동's value", func(d *District) { d.Vitality = &Vitality{Value: 48, FromDong: true} },
			[]check{{KeyVitalityIndex, 48.0, fl(FlagFromDong)}}},
		{"zero is a value", func(d *District) { d.Vitality = &Vitality{} },
			[]check{{KeyVitalityIndex, 0.0, nil}}},
		{"above the expected range, as given", func(d *District) { d.Vitality = &Vitality{Value: 101.3} },
			[]check{{KeyVitalityIndex, 101.3, nil}}},
	})
}

func TestVitalityOf(t *testing.T) {
	values := map[string]float64{"3110001": 72.5, "11110515": 64.25, "3110003": 0}
	tests := []struct {
		name, code, dong string
		want             *Vitality
	}{
		{"own value wins over the 행정동's", "3110001", "11110515", &Vitality{Value: 72.5}},
		{"own zero still wins", "3110003", "11110515", &Vitality{Value: 0}},
		{"else the 행정동's", "3110002", "11110515", &Vitality{Value: 64.25, FromDong: true}},
		{"else none", "3110002", "11110530", nil},
		{"no 행정동 known", "3110002", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VitalityOf(values, tt.code, tt.dong); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("VitalityOf(%s, %s) = %+v, want %+v", tt.code, tt.dong, got, tt.want)
			}
		})
	}
}
