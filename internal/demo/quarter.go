package demo

import (
	"fmt"
	"slices"
	"strconv"
)

// quarter is a 기준_년분기_코드 such as "20231" (2023, first quarter).
type quarter struct {
	code    string
	year, q int
}

// defaultQuarters are 2023Q1 … 2025Q4.
func defaultQuarters() []string {
	var qs []string
	for y := 2023; y <= 2025; y++ {
		for q := 1; q <= 4; q++ {
			qs = append(qs, fmt.Sprintf("%d%d", y, q))
		}
	}
	return qs
}

// parseQuarter accepts the published five-digit form, year then quarter 1–4.
func parseQuarter(s string) (quarter, error) {
	if len(s) != 5 {
		return quarter{}, fmt.Errorf("quarter %q: want five digits like 20231", s)
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1000 {
		return quarter{}, fmt.Errorf("quarter %q: bad year", s)
	}
	q := int(s[4] - '0')
	if q < 1 || q > 4 {
		return quarter{}, fmt.Errorf("quarter %q: quarter must be 1-4", s)
	}
	return quarter{code: s, year: y, q: q}, nil
}

// parseQuarters returns the quarters in ascending order; duplicates are an error.
func parseQuarters(ss []string) ([]quarter, error) {
	if len(ss) == 0 {
		ss = defaultQuarters()
	}
	qs := make([]quarter, 0, len(ss))
	for _, s := range ss {
		q, err := parseQuarter(s)
		if err != nil {
			return nil, err
		}
		qs = append(qs, q)
	}
	slices.SortFunc(qs, func(a, b quarter) int { return a.offset() - b.offset() })
	for i := 1; i < len(qs); i++ {
		if qs[i].code == qs[i-1].code {
			return nil, fmt.Errorf("quarter %s given twice", qs[i].code)
		}
	}
	return qs, nil
}

// offset counts quarters from 2023Q1 (negative before it); trends are measured on it.
func (q quarter) offset() int { return (q.year-2023)*4 + q.q - 1 }

// key identifies the quarter in random streams, so a quarter's numbers do not depend
// on which other quarters were asked for.
func (q quarter) key() uint64 { return uint64(q.year*10 + q.q) }
