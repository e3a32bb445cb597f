package demo

// kind is a 상권_구분_코드.
type kind int

const (
	alley     kind = iota // A 골목상권
	developed             // D 발달상권
	market                // R 전통시장
	tourist               // U 관광특구
	numKinds
)

// code is the published 상권_구분_코드.
func (k kind) code() string { return [numKinds]string{"A", "D", "R", "U"}[k] }

// name is the published 상권_구분_코드_명.
func (k kind) name() string {
	return [numKinds]string{"골목상권", "발달상권", "전통시장", "관광특구"}[k]
}

// kindCounts returns how many districts of each kind a city of n districts has,
// close to the published mix (two thirds 골목상권, a handful of 관광특구).
func kindCounts(n int) [numKinds]int {
	var c [numKinds]int
	if n >= 4 {
		c[tourist] = max(1, (n*15+500)/1000)
	}
	c[developed] = (n*15 + 50) / 100
	c[market] = (n*18 + 50) / 100
	c[alley] = n - c[tourist] - c[developed] - c[market]
	return c
}
