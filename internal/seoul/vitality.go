package seoul

// VitalityMax is the top of the vitality index's expected range, 0–100. A
// larger value is kept as given and counted as a warning on its release; an
// empty, negative, NaN, infinite or non-numeric one refuses the file (a
// place without a value is left out of the feed, not written as empty).
const VitalityMax = 100

// vitalitySchema is the 상권 활력지수 feed of the Seoul Credit Guarantee
// Foundation (서울신용보증재단), as fixed by the fusion contract (issue 5):
// quarter as published (20251), code a 상권_코드 (7 digits) or a 행정동_코드
// (8 digits), value a decimal. Headers are matched without regard to case.
var vitalitySchema = &Schema{
	Dataset: Vitality,
	Title:   "서울신용보증재단 상권 활력지수",
	Columns: []Column{
		{Name: "quarter", Header: "quarter", Aliases: []string{"기준_년분기_코드"}, Kind: Quarter},
		{Name: "code", Header: "code", Kind: Place},
		{Name: "value", Header: "value", Kind: Float, NoEmpty: true},
	},
	Key:    []string{"quarter", "code"},
	Ranges: []RangeCheck{{Name: "value_above_100", Column: "value", Max: VitalityMax}},
}
