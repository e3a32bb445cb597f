package synth

import (
	"fmt"
	"strconv"
	"time"
)

// A quarter is numbered year×4 + (quarter − 1): 20251 is 2025×4.
type quarter int

// parseQuarter reads a published quarter, "yyyyq".
func parseQuarter(s string) (quarter, error) {
	if len(s) != 5 || s[4] < '1' || s[4] > '4' {
		return 0, fmt.Errorf("not a quarter (yyyyq): %q", s)
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil {
		return 0, fmt.Errorf("not a quarter (yyyyq): %q", s)
	}
	return quarter(y*4 + int(s[4]-'1')), nil
}

func (q quarter) year() int { return int(q) / 4 }

func (q quarter) String() string { return fmt.Sprintf("%d%d", q.year(), int(q)%4+1) }

// A day is a date as days since 1970-01-01.
type day int32

func dayOf(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// first and last return the quarter's first and last day.
func (q quarter) first() day { return dayOf(q.year(), time.Month(int(q)%4*3+1), 1) }
func (q quarter) last() day  { return (q + 1).first() - 1 }

// weekday returns the day of week, 0 for Monday … 6 for Sunday (the order
// of the published day columns). 1970-01-01 was a Thursday.
func (d day) weekday() int { return (int(d)%7 + 7 + 3) % 7 }

// String is the ISO date, YYYY-MM-DD.
func (d day) String() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

// quarterOf returns the quarter holding d.
func quarterOf(d day) quarter {
	t := time.Unix(int64(d)*86400, 0).UTC()
	return quarter(t.Year()*4 + (int(t.Month())-1)/3)
}
