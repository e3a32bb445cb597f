package demo

import "math"

// layout places 행정동 blocks in a grid centred on central Seoul and district cells
// inside them: 자치구 in two rows of four, each 2×2 행정동, each k×k cells.
type layout struct {
	dongs    int     // 행정동 slots: four per 자치구
	k        int     // cells per block side
	cellSize float64 // metres
	west     float64 // x of the west edge
	north    float64 // y of the north edge
}

const (
	numGus        = 8 // two rows of four 자치구, as demoGus lists them
	layoutCentreX = 200000
	layoutCentreY = 451500
	maxWidth      = 28000 // the published extent is about 30 km by 25 km
	maxHeight     = 22000
)

// newLayout sizes a grid for n districts.
func newLayout(n int) layout {
	l := layout{dongs: 4 * numGus}
	perDong := (n + l.dongs - 1) / l.dongs
	l.k = int(math.Ceil(math.Sqrt(float64(perDong))))
	cols, rows := 8*l.k, 4*l.k
	l.cellSize = min(1200, maxWidth/float64(cols), maxHeight/float64(rows))
	l.west = layoutCentreX - float64(cols)*l.cellSize/2
	l.north = layoutCentreY + float64(rows)*l.cellSize/2
	return l
}

// blockOrigin returns the block column and row of 행정동 slot s: slot s belongs to
// 자치구 s%numGus, 행정동 s/numGus of it.
func (l layout) blockOrigin(s int) (col, row int) {
	g, d := s%numGus, s/numGus
	return (g%4)*2 + d%2, (g/4)*2 + d/2
}

// cell returns the south-west corner of cell j of 행정동 slot s.
func (l layout) cell(s, j int) (x, y float64) {
	col, row := l.blockOrigin(s)
	cx, cy := col*l.k+j%l.k, row*l.k+j/l.k
	return l.west + float64(cx)*l.cellSize, l.north - float64(cy+1)*l.cellSize
}

// dongBlock returns the centre and area of 행정동 slot s's block, rounded.
func (l layout) dongBlock(s int) (x, y, area int64) {
	col, row := l.blockOrigin(s)
	side := float64(l.k) * l.cellSize
	cx := l.west + (float64(col)+0.5)*side
	cy := l.north - (float64(row)+0.5)*side
	return int64(math.Round(cx)), int64(math.Round(cy)), int64(math.Round(side * side))
}
