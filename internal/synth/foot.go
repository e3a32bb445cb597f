package synth

import (
	"math"
	"math/rand/v2"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
)

// roundMargin is how far inside its rounding interval a fused foot-traffic
// figure is aimed: fuse rounds half away from zero, and sums of decimals
// are exact only to rounding, so a target of p ± 0.49 still rounds to p.
const roundMargin = 0.49

// footTarget is a district × quarter of foot traffic as fuse is to compute
// it before rounding, in persons: every breakdown sums to the total.
type footTarget struct {
	Total float64
	Sexes [2]float64
	Ages  [6]float64
	Bands [6]float64
	Days  [7]float64
}

// add adds value v of a row in categories sex, age, band, weekday.
func (t *footTarget) add(sex, age, band, weekday int8, v float64) {
	t.Total += v
	t.Sexes[sex] += v
	t.Ages[age] += v
	t.Bands[band] += v
	t.Days[weekday] += v
}

func (t footTarget) sub(o footTarget) footTarget {
	r := t
	r.Total -= o.Total
	for i := range r.Sexes {
		r.Sexes[i] -= o.Sexes[i]
	}
	for i := range r.Ages {
		r.Ages[i] -= o.Ages[i]
	}
	for i := range r.Bands {
		r.Bands[i] -= o.Bands[i]
	}
	for i := range r.Days {
		r.Days[i] -= o.Days[i]
	}
	return r
}

// footGoal returns the decimals fuse is to sum to for a published row: the
// total as published and each breakdown moved to sum to it, every part by
// less than half a person where the publisher's rounding allows (|Σ parts −
// total| < 0.49 × parts), so that every figure rounds back to the
// published one. Where it does not, the rest goes to the largest part and off
// reports the parts that will round elsewhere, by
// breakdown.
func footGoal(row footRow) (t footTarget, off map[string]int64) {
	total := float64(row.Total)
	t.Total = total
	off = map[string]int64{}
	do := func(name string, pub []int64, dst []float64) {
		out := toTotal(pub, total)
		copy(dst, out)
		var n int64
		for i, v := range out {
			n += abs(int64(roundHalfAway(v)) - pub[i])
		}
		if n > 0 {
			off[name] = n
		}
	}
	do("sexes", row.Sexes[:], t.Sexes[:])
	do("ages", row.Ages[:], t.Ages[:])
	do("time_bands", row.Bands[:], t.Bands[:])
	do("days", row.Days[:], t.Days[:])
	return t, off
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func roundHalfAway(v float64) float64 { return math.Round(v) }

// toTotal moves parts to sum to total: each by at most roundMargin (and
// never below 0) while that is enough, the rest on the largest part.
func toTotal(pub []int64, total float64) []float64 {
	out := make([]float64, len(pub))
	sum := 0.0
	for i, p := range pub {
		out[i] = float64(p)
		sum += out[i]
	}
	diff := total - sum
	// Water-filling: spread diff evenly over the parts that can still move.
	room := make([]float64, len(pub))
	for i := range pub {
		if diff < 0 {
			room[i] = min(roundMargin, out[i])
		} else {
			room[i] = roundMargin
		}
	}
	left := math.Abs(diff)
	for left > 1e-12 {
		n := 0
		for _, r := range room {
			if r > 1e-12 {
				n++
			}
		}
		if n == 0 {
			break
		}
		each := left / float64(n)
		for i, r := range room {
			if r <= 1e-12 {
				continue
			}
			d := min(each, r)
			room[i] -= d
			left -= d
			out[i] += math.Copysign(d, diff)
		}
	}
	if left > 1e-12 {
		// The rest goes to the largest part, so that as few parts as
		// possible round elsewhere.
		big := 0
		for i := range out {
			if out[i] > out[big] {
				big = i
			}
		}
		out[big] = max(out[big]+math.Copysign(left, diff), 0)
	}
	return out
}

// A footCell is a grid cell chosen for a district: its share in the
// district and in the other districts it overlaps.
type footCell struct {
	x, y, m float64 // EPSG:5179 lower-left corner and side
	share   float64 // of the district
	others  []fusion.Share
}

// A baseFoot is a row of a district × quarter before it is spread over
// dates and hours: a cell, sex, age, time band and day of week, and the
// persons it adds to the district (the row's count × the cell's share).
type baseFoot struct {
	cell                    int16
	sex, age, band, weekday int8
	value                   float64
}

// splitFoot splits a target over cells by weight: the interval method on
// decimals over sex, age, band and day, each piece divided among the cells.
// Negative parts of the target (from overlapping districts' cells) are
// set to 0 and reported as short.
func splitFoot(t footTarget, weights []float64, r *rand.Rand, dst []baseFoot) ([]baseFoot, float64) {
	short := 0.0
	fix := func(v []float64) {
		for i := range v {
			if v[i] < 0 {
				short -= v[i]
				v[i] = 0
			}
		}
	}
	if t.Total < 0 {
		short -= t.Total
		t.Total = 0
	}
	fix(t.Sexes[:])
	fix(t.Ages[:])
	fix(t.Bands[:])
	fix(t.Days[:])
	if t.Total <= minPiece || len(weights) == 0 {
		return dst, short
	}
	parts := []fpartition{
		flayout(t.Sexes[:], r.Perm(2)),
		flayout(t.Ages[:], r.Perm(6)),
		flayout(t.Bands[:], r.Perm(6)),
		flayout(t.Days[:], r.Perm(7)),
	}
	// Every partition must end at the total; rounding moves the ends.
	for _, p := range parts {
		p.ends[len(p.ends)-1] = t.Total
	}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	for _, pc := range fsweep(parts, nil) {
		for c, w := range weights {
			dst = append(dst, baseFoot{cell: int16(c), sex: pc.cats[0], age: pc.cats[1], band: pc.cats[2], weekday: pc.cats[3], value: pc.len * w / sum})
		}
	}
	return dst, short
}

// vec returns the total and every breakdown part, in that order.
func (t footTarget) vec() []float64 {
	v := []float64{t.Total}
	v = append(v, t.Sexes[:]...)
	v = append(v, t.Ages[:]...)
	v = append(v, t.Bands[:]...)
	return append(v, t.Days[:]...)
}

// fromVec is the footTarget of vec's numbers.
func fromVec(v []float64) footTarget {
	var t footTarget
	t.Total = v[0]
	v = v[1+copy(t.Sexes[:], v[1:]):]
	v = v[copy(t.Ages[:], v):]
	v = v[copy(t.Bands[:], v):]
	copy(t.Days[:], v)
	return t
}
