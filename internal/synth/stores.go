package synth

import (
	"math/rand/v2"
)

// noDay marks an empty opened_on (open since before the data) or closed_on
// (still open).
const noDay day = -1 << 31

// minOpenDays is the least number of days a merchant opening or closing in
// a quarter is open in it, so that it can take sales on every weekday.
const minOpenDays = 7

// A life is a merchant's lifecycle in the merchant master.
type life struct {
	opened, closed day // noDay when empty
	franchise      bool
}

// openAt reports whether the merchant is open at the end of day d: opened
// on or before it and not closed on or before it (docs/fusion.md).
func (l life) openAt(d day) bool {
	return (l.opened == noDay || l.opened <= d) && (l.closed == noDay || l.closed > d)
}

// storeCounts are a slice's store figures for one quarter: 유사_업종_점포_수
// (merchants open at the end), 개업, 폐업 and 프랜차이즈 among the open.
type storeCounts struct {
	Stock, Opened, Closed, Franchise int64
}

func (a storeCounts) sub(b storeCounts) storeCounts {
	return storeCounts{a.Stock - b.Stock, a.Opened - b.Opened, a.Closed - b.Closed, a.Franchise - b.Franchise}
}

func (a storeCounts) add(b storeCounts) storeCounts {
	return storeCounts{a.Stock + b.Stock, a.Opened + b.Opened, a.Closed + b.Closed, a.Franchise + b.Franchise}
}

func (a storeCounts) negative() bool {
	return a.Stock < 0 || a.Opened < 0 || a.Closed < 0 || a.Franchise < 0
}

func (a storeCounts) clamp() storeCounts {
	return storeCounts{max(a.Stock, 0), max(a.Opened, 0), max(a.Closed, 0), min(max(a.Franchise, 0), max(a.Stock, 0))}
}

// countsOf returns what fuse computes for quarter q from lives.
func countsOf(lives []life, q quarter) storeCounts {
	var c storeCounts
	first, last := q.first(), q.last()
	for _, l := range lives {
		if l.openAt(last) {
			c.Stock++
			if l.franchise {
				c.Franchise++
			}
		}
		if l.opened != noDay && l.opened >= first && l.opened <= last {
			c.Opened++
		}
		if l.closed != noDay && l.closed >= first && l.closed <= last {
			c.Closed++
		}
	}
	return c
}

// How a quarter of a slice's store history is known.
const (
	stepPublished = iota // a published row
	stepZero             // no row in a quarter the files cover: nothing open, opened or closed
	stepUnknown          // a quarter the files do not cover: bridged
)

// A storeStep is the target of one quarter of a slice's history.
type storeStep struct {
	q    quarter
	kind int
	want storeCounts
}

// A storeDeviation is a published figure the lifecycle could not follow.
type storeDeviation struct {
	q               quarter
	field           string // "opened", "closed" or "franchise"
	published, made int64
}

// buildLives returns merchant lifecycles whose counts follow steps, a run
// of consecutive quarters: at the end of every quarter the stock is the
// target's, opened_on and closed_on fall in the quarters of the target's
// openings and closings, and franchise status (static per merchant) gives
// the target's franchise count. Where the targets contradict one another
// (stock(q) ≠ stock(q−1) + opened(q) − closed(q)) the stock is kept and the
// flow made to fit — openings are added when the stock grows more than the
// flows say, closings when it shrinks more — and reported; likewise a
// franchise count the choice of franchise openings and closings cannot
// reach. Merchants open before the first quarter have no opened_on; those
// open after the last have no closed_on. Unknown steps are bridged to the
// stock the next known step starts from.
func buildLives(steps []storeStep, r *rand.Rand) ([]life, []storeDeviation) {
	if len(steps) == 0 {
		return nil, nil
	}
	bridge(steps)
	b := &lifeBuilder{r: r}
	first := steps[0]
	start := max(first.want.Stock-first.want.Opened+first.want.Closed, 0)
	// Franchises among the merchants open before the first quarter: the
	// count nearest the target from which the first quarter can be made.
	f0 := min(first.want.Franchise, start)
	for delta := int64(0); delta <= start; delta++ {
		if f := f0 - delta; f >= 0 && b.plan(start, f, first).ok {
			f0 = f
			break
		}
		if f := f0 + delta; f <= start && b.plan(start, f, first).ok {
			f0 = f
			break
		}
	}
	for i := range start {
		b.add(life{opened: noDay, closed: noDay, franchise: int64(i) < f0})
	}
	for _, st := range steps {
		b.step(st)
	}
	return b.lives, b.devs
}

// bridge sets the targets of unknown steps: the stock that the next known
// step starts from, with the franchise count it needs where possible.
func bridge(steps []storeStep) {
	for i := range steps {
		if steps[i].kind != stepUnknown {
			continue
		}
		j := i + 1
		for j < len(steps) && steps[j].kind == stepUnknown {
			j++
		}
		if j == len(steps) {
			// No known step follows: unreachable, as a slice's quarters
			// end at the last quarter the files cover.
			continue
		}
		n := steps[j].want
		s := max(n.Stock-n.Opened+n.Closed, 0)
		steps[i].want = storeCounts{Stock: s, Franchise: min(n.Franchise, s)}
	}
}

type lifeBuilder struct {
	r     *rand.Rand
	lives []life
	open  [2][]int // indices of open merchants: [0] not franchise, [1] franchise
	devs  []storeDeviation
}

func (b *lifeBuilder) add(l life) {
	b.lives = append(b.lives, l)
	if l.closed == noDay {
		f := 0
		if l.franchise {
			f = 1
		}
		b.open[f] = append(b.open[f], len(b.lives)-1)
	}
}

// A stepPlan is how one quarter is made: opened and closed after the stock
// is made to fit, same merchants opened and closed in it (x), and the
// franchise openings and closings.
type stepPlan struct {
	opened, closed, x, fo, fc int64
	ok                        bool
}

// plan finds flows for st from a stock of prev merchants, franchise of them.
func (b *lifeBuilder) plan(prev, franchise int64, st storeStep) stepPlan {
	w := st.want
	o, c := w.Opened, w.Closed
	if st.kind == stepUnknown {
		o, c = max(w.Stock-prev, 0), max(prev-w.Stock, 0)
	}
	if d := w.Stock - (prev + o - c); d > 0 {
		o += d
	} else if d < 0 {
		c -= d
	}
	dF := w.Franchise - franchise
	nonFranchise := prev - franchise
	for x := max(0, c-prev); x <= min(o, c); x++ {
		oo, cc := o-x, c-x
		lo := max(0, cc-nonFranchise, -dF)
		hi := min(cc, franchise, oo-dF)
		if lo <= hi {
			fc := lo
			if b.r != nil {
				fc += b.r.Int64N(hi - lo + 1)
			}
			return stepPlan{opened: o, closed: c, x: x, fc: fc, fo: dF + fc, ok: true}
		}
	}
	// No choice of franchise flows reaches the target: come as near as
	// the stock allows.
	x := max(0, c-prev)
	oo, cc := o-x, c-x
	fc := max(0, cc-nonFranchise)
	if dF < 0 {
		fc = min(cc, franchise)
	}
	return stepPlan{opened: o, closed: c, x: x, fc: fc, fo: min(max(dF+fc, 0), oo)}
}

func (b *lifeBuilder) step(st storeStep) {
	prev := int64(len(b.open[0]) + len(b.open[1]))
	franchise := int64(len(b.open[1]))
	p := b.plan(prev, franchise, st)
	w := st.want
	if st.kind != stepUnknown {
		if p.opened != w.Opened {
			b.devs = append(b.devs, storeDeviation{st.q, "opened", w.Opened, p.opened})
		}
		if p.closed != w.Closed {
			b.devs = append(b.devs, storeDeviation{st.q, "closed", w.Closed, p.closed})
		}
		if got := franchise + p.fo - p.fc; got != w.Franchise {
			b.devs = append(b.devs, storeDeviation{st.q, "franchise", w.Franchise, got})
		}
	}
	first, last := st.q.first(), st.q.last()
	span := int64(last - first + 1)
	r := b.r
	// Closings: fc franchises, the rest not.
	for f, n := range [2]int64{p.closed - p.x - p.fc, p.fc} {
		for range n {
			pool := b.open[f]
			k := r.IntN(len(pool))
			i := pool[k]
			pool[k] = pool[len(pool)-1]
			b.open[f] = pool[:len(pool)-1]
			b.lives[i].closed = first + minOpenDays + day(r.Int64N(span-minOpenDays))
		}
	}
	for i := range p.opened - p.x {
		b.add(life{opened: first + day(r.Int64N(span-minOpenDays)), closed: noDay, franchise: i < p.fo})
	}
	for range p.x {
		o := first + day(r.Int64N(span-2*minOpenDays))
		b.lives = append(b.lives, life{opened: o, closed: o + minOpenDays + day(r.Int64N(int64(last-o-minOpenDays+1)))})
	}
}
