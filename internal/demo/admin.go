package demo

// gu is a 자치구 and dong a 행정동. Their codes and names are the public
// administrative ones; where they sit in the demo city is synthetic.
type gu struct {
	code, name string
	dongs      [4]dong
}

type dong struct {
	code, name string
	gu         *gu
	// block of the demo layout: centre and area in EPSG:5181 metres
	x, y, area int64
	districts  []*district
}

// demoGus lists the eight 자치구 of the demo city, four 행정동 each, laid out in two
// rows of four from north-west to south-east.
func demoGus() []*gu {
	gus := []*gu{
		{code: "11440", name: "마포구", dongs: [4]dong{{code: "11440555", name: "아현동"}, {code: "11440565", name: "공덕동"}, {code: "11440710", name: "연남동"}, {code: "11440740", name: "상암동"}}},
		{code: "11110", name: "종로구", dongs: [4]dong{{code: "11110515", name: "청운효자동"}, {code: "11110530", name: "사직동"}, {code: "11110615", name: "종로1·2·3·4가동"}, {code: "11110600", name: "가회동"}}},
		{code: "11140", name: "중구", dongs: [4]dong{{code: "11140520", name: "소공동"}, {code: "11140540", name: "회현동"}, {code: "11140550", name: "명동"}, {code: "11140615", name: "신당동"}}},
		{code: "11200", name: "성동구", dongs: [4]dong{{code: "11200520", name: "왕십리2동"}, {code: "11200540", name: "마장동"}, {code: "11200560", name: "행당1동"}, {code: "11200580", name: "응봉동"}}},
		{code: "11560", name: "영등포구", dongs: [4]dong{{code: "11560535", name: "영등포동"}, {code: "11560540", name: "여의동"}, {code: "11560550", name: "당산1동"}, {code: "11560605", name: "문래동"}}},
		{code: "11170", name: "용산구", dongs: [4]dong{{code: "11170510", name: "후암동"}, {code: "11170530", name: "남영동"}, {code: "11170555", name: "청파동"}, {code: "11170560", name: "원효로1동"}}},
		{code: "11620", name: "관악구", dongs: [4]dong{{code: "11620525", name: "보라매동"}, {code: "11620545", name: "청림동"}, {code: "11620585", name: "낙성대동"}, {code: "11620615", name: "중앙동"}}},
		{code: "11680", name: "강남구", dongs: [4]dong{{code: "11680510", name: "신사동"}, {code: "11680521", name: "논현1동"}, {code: "11680545", name: "압구정동"}, {code: "11680580", name: "삼성1동"}}},
	}
	for _, g := range gus {
		for i := range g.dongs {
			g.dongs[i].gu = g
		}
	}
	return gus
}
