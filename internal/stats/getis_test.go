package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// line returns n points 100 m apart along the x axis from the origin.
func line(n int) []Point {
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{X: 100 * float64(i)}
	}
	return pts
}

func TestGetisOrdGiStar(t *testing.T) {
	tests := []struct {
		name  string
		pts   []Point
		x     []float64
		band  float64
		wantZ []float64
	}{
		// 5 points at 0, 100, 200, 300, 400 m, values 1, 2, 3, 10, 12, band 150 m:
		// each point neighbours itself and the points 100 m either side.
		//   n = 5, Σx = 28, X̄ = 5.6, Σx² = 1+4+9+100+144 = 258,
		//   S² = 258/5 − 5.6² = 51.6 − 31.36 = 20.24.
		//   i  neighbours  Σw  Σwx         Σwx − X̄Σw          (nΣw² − (Σw)²)/(n−1)
		//   0  {0,1}       2   1+2 = 3     3 − 11.2  = −8.2    (10−4)/4 = 1.5
		//   1  {0,1,2}     3   1+2+3 = 6   6 − 16.8  = −10.8   (15−9)/4 = 1.5
		//   2  {1,2,3}     3   2+3+10 = 15 15 − 16.8 = −1.8    1.5
		//   3  {2,3,4}     3   3+10+12 = 25 25 − 16.8 = 8.2    1.5
		//   4  {3,4}       2   10+12 = 22  22 − 11.2 = 10.8    1.5
		// Every denominator is √20.24·√1.5 = √30.36 = 5.509990925582365, so
		// z = −8.2/√30.36, −10.8/√30.36, −1.8/√30.36, 8.2/√30.36, 10.8/√30.36.
		{"hand-computed line", line(5), []float64{1, 2, 3, 10, 12}, 150,
			[]float64{-1.4882057177132866, -1.9600758233296949, -0.3266793038882825, 1.4882057177132866, 1.9600758233296949}},
		// Values 1..5 on the same line: X̄ = 3, S² = 55/5 − 9 = 2, denominators
		// √2·√1.5 = √3; numerators 3−6 = −3, 6−9 = −3, 9−9 = 0, 12−9 = 3, 9−6 = 3,
		// so z = −√3, −√3, 0, √3, √3.
		{"symmetric", line(5), []float64{1, 2, 3, 4, 5}, 150,
			[]float64{-math.Sqrt(3), -math.Sqrt(3), 0, math.Sqrt(3), math.Sqrt(3)}},
		// 4 points, values 1, 2, 3, 10, band 150: X̄ = 4, deviations −3, −2, −1, 6,
		// S² = (9+4+1+36)/4 = 12.5 (= 114/4 − 16). Ends: Σw = 2, (8−4)/3 = 4/3,
		// denominator √(12.5·4/3) = √(50/3); middle: Σw = 3, (12−9)/3 = 1,
		// denominator √12.5. Numerators −3−2 = −5, −3−2−1 = −6, −2−1+6 = 3, −1+6 = 5:
		// z = −5/√(50/3) = −√1.5, −6/√12.5, 3/√12.5, 5/√(50/3) = √1.5.
		{"unequal weights", line(4), []float64{1, 2, 3, 10}, 150,
			[]float64{-1.224744871391589, -1.697056274847714, 0.848528137423857, 1.224744871391589}},
		// A band of exactly 100 m includes the points 100 m away: the same
		// neighbourhoods as 150 m.
		{"distance equal to the band", line(4), []float64{1, 2, 3, 10}, 100,
			[]float64{-1.224744871391589, -1.697056274847714, 0.848528137423857, 1.224744871391589}},
		// A band covering every location leaves nothing to compare: z = 0.
		{"band covers all", line(4), []float64{1, 2, 3, 10}, 1000, []float64{0, 0, 0, 0}},
		{"infinite band", line(4), []float64{1, 2, 3, 10}, math.Inf(1), []float64{0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, p, err := GetisOrdGiStar(tt.pts, tt.x, tt.band)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.wantZ {
				if math.Abs(z[i]-tt.wantZ[i]) > 1e-9 {
					t.Errorf("z[%d] = %v, want %v", i, z[i], tt.wantZ[i])
				}
				// Two-sided normal p-value: 2(1 − Φ(|z|)).
				if want := math.Erfc(math.Abs(tt.wantZ[i]) / math.Sqrt2); math.Abs(p[i]-want) > 1e-9 {
					t.Errorf("p[%d] = %v, want %v", i, p[i], want)
				}
			}
		})
	}
}

func TestGetisOrdGiStarPValues(t *testing.T) {
	// The hand-computed line: |z| = 1.96008 is the familiar 5% point
	// (p = 0.049987), |z| = 1.48821 gives 0.136697 and |z| = 0.32668 gives 0.743910.
	_, p, err := GetisOrdGiStar(line(5), []float64{1, 2, 3, 10, 12}, 150)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.136697, 0.049987, 0.743910, 0.136697, 0.049987}
	for i := range want {
		if math.Abs(p[i]-want[i]) > 1e-6 {
			t.Errorf("p[%d] = %v, want %v", i, p[i], want[i])
		}
	}
}

func TestGetisOrdGiStarErrors(t *testing.T) {
	tests := []struct {
		name string
		pts  []Point
		x    []float64
		band float64
		is   error
	}{
		{"two locations", line(2), []float64{1, 2}, 150, ErrTooFew},
		{"none", nil, nil, 150, ErrTooFew},
		{"all equal", line(4), []float64{7, 7, 7, 7}, 150, ErrConstant},
		{"length mismatch", line(4), []float64{1, 2, 3}, 150, nil},
		{"zero band", line(4), []float64{1, 2, 3, 4}, 0, nil},
		{"negative band", line(4), []float64{1, 2, 3, 4}, -1, nil},
		{"NaN band", line(4), []float64{1, 2, 3, 4}, math.NaN(), nil},
		{"NaN value", line(4), []float64{1, math.NaN(), 3, 4}, 150, nil},
		{"infinite coordinate", []Point{{0, 0}, {math.Inf(1), 0}, {1, 1}}, []float64{1, 2, 3}, 150, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := GetisOrdGiStar(tt.pts, tt.x, tt.band)
			if err == nil {
				t.Fatal("err = nil, want an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
		})
	}
}

// bruteGiStar is GetisOrdGiStar comparing every pair, without the grid.
func bruteGiStar(pts []Point, x []float64, band float64) []float64 {
	n := float64(len(x))
	var sum, sq float64
	for _, v := range x {
		sum += v
		sq += v * v
	}
	mean := sum / n
	s := math.Sqrt(sq/n - mean*mean)
	z := make([]float64, len(x))
	for i, a := range pts {
		var wx, w float64
		for j, b := range pts {
			if math.Hypot(a.X-b.X, a.Y-b.Y) <= band {
				wx += x[j]
				w++
			}
		}
		if w == n {
			continue
		}
		z[i] = (wx - mean*w) / (s * math.Sqrt((n*w-w*w)/(n-1)))
	}
	return z
}

// randomSites returns n points in a 30 km square at Seoul grid coordinates
// with values that trend from west to east plus noise.
func randomSites(r *rand.Rand, n int) ([]Point, []float64) {
	pts := make([]Point, n)
	x := make([]float64, n)
	for i := range pts {
		pts[i] = Point{X: 180000 + 30000*r.Float64(), Y: 440000 + 30000*r.Float64()}
		x[i] = (pts[i].X-180000)/1000 + 10*r.NormFloat64()
	}
	return pts, x
}

func TestGetisOrdGiStarMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pts, x := randomSites(r, 400)
	// A 100 m lattice puts many pairs exactly on the band and on cell edges.
	lattice := make([]Point, 0, 400)
	lx := make([]float64, 0, 400)
	for i := range 20 {
		for j := range 20 {
			lattice = append(lattice, Point{X: 197000 + 100*float64(i), Y: 451000 + 100*float64(j)})
			lx = append(lx, r.Float64())
		}
	}
	tests := []struct {
		name string
		pts  []Point
		x    []float64
		band float64
	}{
		{"random 1 km", pts, x, 1000},
		{"random 3 km", pts, x, 3000},
		{"random 1 cm", pts, x, 0.01},
		{"random 50 km", pts, x, 50000},
		{"lattice 100 m", lattice, lx, 100},
		{"lattice 200 m", lattice, lx, 200},
		{"lattice 300 m", lattice, lx, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, _, err := GetisOrdGiStar(tt.pts, tt.x, tt.band)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteGiStar(tt.pts, tt.x, tt.band)
			for i := range want {
				if math.Abs(z[i]-want[i]) > 1e-9 {
					t.Fatalf("z[%d] = %v, want %v", i, z[i], want[i])
				}
			}
		})
	}
}

func BenchmarkGetisOrdGiStar(b *testing.B) {
	pts, x := randomSites(rand.New(rand.NewPCG(1, 2)), 1650)
	for _, band := range []struct {
		name string
		m    float64
	}{{"1km", 1000}, {"3km", 3000}} {
		b.Run(band.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := GetisOrdGiStar(pts, x, band.m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
