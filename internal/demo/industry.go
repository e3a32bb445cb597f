package demo

// industry is a 서비스_업종_코드 (real codes and names) with the traits the demo
// draws its sales and stores from. Amounts are KRW per quarter.
type industry struct {
	index      int
	code, name string
	sales      float64           // sales of a typical 골목상권
	ticket     float64           // average payment
	perStore   float64           // sales per store
	franchise  float64           // share of franchise stores
	presence   [numKinds]float64 // chance a district of each kind has the industry
	season     [4]float64        // factor per quarter of the year
	hours      [6]float64        // share per time band 00–06, 06–11, 11–14, 14–17, 17–21, 21–24
	weekend    float64           // a weekend day's weight against a weekday's
	male       float64           // male share of sales
	ages       [6]float64        // share per age band 10s … 60+
}

// kindSales scales sales by district kind: 발달상권 and 관광특구 are busier.
var kindSales = [numKinds]float64{alley: 1, developed: 3.5, market: 0.9, tourist: 12}

// industries are the 업종 of the demo, in output order.
var industries = []*industry{
	{index: 0, code: "CS100001", name: "한식음식점", sales: 3.5e8, ticket: 28000, perStore: 4.0e7, franchise: 0.08,
		presence: [numKinds]float64{1, 1, 1, 1}, season: [4]float64{0.95, 1.01, 1.00, 1.04},
		hours: [6]float64{0.01, 0.05, 0.30, 0.14, 0.38, 0.12}, weekend: 0.9, male: 0.56,
		ages: [6]float64{0.01, 0.12, 0.20, 0.24, 0.24, 0.19}},
	{index: 1, code: "CS100007", name: "치킨전문점", sales: 8e7, ticket: 27000, perStore: 2.5e7, franchise: 0.65,
		presence: [numKinds]float64{0.8, 0.9, 0.6, 1}, season: [4]float64{0.97, 0.98, 1.03, 1.02},
		hours: [6]float64{0.02, 0, 0.08, 0.12, 0.50, 0.28}, weekend: 1.4, male: 0.55,
		ages: [6]float64{0.03, 0.22, 0.27, 0.24, 0.15, 0.09}},
	{index: 2, code: "CS100008", name: "분식전문점", sales: 6e7, ticket: 9500, perStore: 2.5e7, franchise: 0.3,
		presence: [numKinds]float64{0.8, 0.9, 0.9, 0.9}, season: [4]float64{0.98, 1.00, 0.99, 1.03},
		hours: [6]float64{0.01, 0.10, 0.35, 0.24, 0.24, 0.06}, weekend: 0.85, male: 0.45,
		ages: [6]float64{0.12, 0.25, 0.20, 0.18, 0.14, 0.11}},
	{index: 3, code: "CS100009", name: "호프-간이주점", sales: 7e7, ticket: 35000, perStore: 3.0e7, franchise: 0.2,
		presence: [numKinds]float64{0.7, 0.95, 0.5, 1}, season: [4]float64{0.92, 1.00, 1.04, 1.04},
		hours: [6]float64{0.15, 0, 0.01, 0.03, 0.40, 0.41}, weekend: 1.2, male: 0.64,
		ages: [6]float64{0, 0.25, 0.28, 0.22, 0.16, 0.09}},
	{index: 4, code: "CS100010", name: "커피-음료", sales: 1.0e8, ticket: 7500, perStore: 3.0e7, franchise: 0.35,
		presence: [numKinds]float64{0.9, 1, 0.7, 1}, season: [4]float64{0.93, 1.02, 1.08, 0.97},
		hours: [6]float64{0, 0.22, 0.30, 0.26, 0.17, 0.05}, weekend: 0.9, male: 0.42,
		ages: [6]float64{0.04, 0.30, 0.28, 0.18, 0.12, 0.08}},
	{index: 5, code: "CS200028", name: "미용실", sales: 3e7, ticket: 32000, perStore: 1.5e7, franchise: 0.12,
		presence: [numKinds]float64{0.9, 0.8, 0.5, 0.8}, season: [4]float64{0.97, 1.00, 1.00, 1.03},
		hours: [6]float64{0, 0.08, 0.27, 0.35, 0.28, 0.02}, weekend: 1.3, male: 0.3,
		ages: [6]float64{0.03, 0.20, 0.22, 0.21, 0.19, 0.15}},
	{index: 6, code: "CS300001", name: "슈퍼마켓", sales: 1.5e8, ticket: 16000, perStore: 1.2e8, franchise: 0.15,
		presence: [numKinds]float64{0.8, 0.6, 1, 0.6}, season: [4]float64{0.98, 1.00, 1.00, 1.02},
		hours: [6]float64{0.01, 0.12, 0.20, 0.22, 0.33, 0.12}, weekend: 1.15, male: 0.38,
		ages: [6]float64{0.01, 0.08, 0.18, 0.24, 0.25, 0.24}},
	{index: 7, code: "CS300002", name: "편의점", sales: 3.0e8, ticket: 7000, perStore: 2.4e8, franchise: 0.9,
		presence: [numKinds]float64{1, 1, 0.9, 1}, season: [4]float64{0.95, 1.00, 1.05, 1.00},
		hours: [6]float64{0.09, 0.20, 0.17, 0.15, 0.23, 0.16}, weekend: 0.95, male: 0.62,
		ages: [6]float64{0.05, 0.26, 0.25, 0.19, 0.15, 0.10}},
}
