package indicator

import "math"

// rateTolerance is how far, in percentage points, a published 개업_율 or
// 폐업_률 may be from 100 × count / 유사_업종_점포_수 and still be the same
// rate: the publisher serves integers, rounded half up, and in a few rows
// first to one decimal (5/11 = 45.45 % → 45.5 → 46), so the largest
// rounding error is 0.55.
const rateTolerance = 0.55

func storeField(st *Stores, f func(*Stores) int64) num {
	if st == nil {
		return none(FlagNoData)
	}
	return some(float64(f(st)))
}

func baseFlags(st *Stores) []string {
	if st != nil && st.Similar < smallBase {
		return []string{FlagSmallBase}
	}
	return nil
}

// franchiseShare is 프랜차이즈_점포_수 / 유사_업종_점포_수 × 100.
func franchiseShare(d District) num {
	if d.Stores == nil {
		return none(FlagNoData)
	}
	return ratio(float64(d.Stores.Franchise), float64(d.Stores.Similar), 100, baseFlags(d.Stores)...)
}

// rateMismatch reports whether a published rate disagrees with its count
// beyond the publisher's rounding. A sum over industries has no published
// rate and never mismatches.
func rateMismatch(st *Stores, count int64, published float64) bool {
	if !st.HasRates {
		return false
	}
	if st.Similar == 0 {
		return published != 0
	}
	return math.Abs(published-float64(count)/float64(st.Similar)*100) > rateTolerance+1e-9
}

// rate is count / 유사_업종_점포_수 × 100, recomputed from the counts.
func rate(st *Stores, count func(*Stores) int64, published func(*Stores) float64) num {
	if st == nil {
		return none(FlagNoData)
	}
	flags := baseFlags(st)
	if rateMismatch(st, count(st), published(st)) {
		flags = append(flags, FlagRateMismatch)
	}
	return ratio(float64(count(st)), float64(st.Similar), 100, flags...)
}

// publishedRate is the rate as published, flagged like the recomputed one.
func publishedRate(st *Stores, count func(*Stores) int64, published func(*Stores) float64) num {
	if st == nil {
		return none(FlagNoData)
	}
	if !st.HasRates {
		return none(FlagNotPublished)
	}
	flags := baseFlags(st)
	if rateMismatch(st, count(st), published(st)) {
		flags = append(flags, FlagRateMismatch)
	}
	return some(published(st), flags...)
}

func opened(st *Stores) int64         { return st.Opened }
func closed(st *Stores) int64         { return st.Closed }
func openRatePub(st *Stores) float64  { return st.OpenRate }
func closeRatePub(st *Stores) float64 { return st.CloseRate }

func openRate(d District) num  { return rate(d.Stores, opened, openRatePub) }
func closeRate(d District) num { return rate(d.Stores, closed, closeRatePub) }

// netStoreChange is 개업_점포_수 − 폐업_점포_수 of the quarter.
func netStoreChange(d District) num {
	if d.Stores == nil {
		return none(FlagNoData)
	}
	return some(float64(d.Stores.Opened - d.Stores.Closed))
}

// storesGrowth is (cur − prev) / prev × 100 of 유사_업종_점포_수.
func storesGrowth(cur, prev *Stores) num {
	if cur == nil {
		return none(FlagNoData)
	}
	if prev == nil {
		return none(FlagNoPrevious)
	}
	flags := append(baseFlags(cur), baseFlags(prev)...)
	return growth(float64(cur.Similar), float64(prev.Similar), flags...)
}

func storesQoQ(d District) num { return storesGrowth(d.Stores, d.StoresPrevQuarter) }
func storesYoY(d District) num { return storesGrowth(d.Stores, d.StoresPrevYear) }
