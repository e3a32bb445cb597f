package indicator

// Vitality is the 상권 활력지수 of the Seoul Credit Guarantee Foundation
// (서울신용보증재단) for one district and quarter: the district's own value,
// or its 행정동's where the feed has none for the district.
type Vitality struct {
	Value    float64 // expected 0–100 (seoul.VitalityMax)
	FromDong bool    // Value is the 행정동's, not the district's
}

// vitalityIndex serves the feed's value as given: the district's own, else
// its 행정동's flagged from_dong, else no_data.
func vitalityIndex(d District) num {
	v := d.Vitality
	if v == nil {
		return none(FlagNoData)
	}
	if v.FromDong {
		return some(v.Value, FlagFromDong)
	}
	return some(v.Value)
}

// VitalityOf picks a district's vitality index from the feed's values of one
// quarter: its own (code), else its 행정동's (dong), else nil.
func VitalityOf(values map[string]float64, code, dong string) *Vitality {
	if x, ok := values[code]; ok {
		return &Vitality{Value: x}
	}
	if x, ok := values[dong]; ok && dong != "" {
		return &Vitality{Value: x, FromDong: true}
	}
	return nil
}
