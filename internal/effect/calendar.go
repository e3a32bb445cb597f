package effect

import (
	"fmt"
	"time"
)

// Calendar periods as panel labels: a month is numbered y·12 + m − 1 and an
// ISO week (Monday to Sunday) by the weeks since Monday 0001-01-01, so that
// consecutive months or weeks are one apart, as a Panel needs. sangsaeng
// effect's YYYY-MM and YYYY-Www periods are numbered the same way.

// weekZero is the Monday week 0 starts on.
var weekZero = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// PeriodOf returns the label of the calendar month (period "month") or ISO
// week ("week") holding day d (its date, in d's location).
func PeriodOf(d time.Time, period string) int {
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if period == "month" {
		return day.Year()*12 + int(day.Month()) - 1
	}
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return int((monday.Unix()-weekZero.Unix())/86400) / 7
}

// FormatPeriod prints a label of PeriodOf as YYYY-MM or YYYY-Www.
func FormatPeriod(l int, period string) string {
	if period == "month" {
		return fmt.Sprintf("%04d-%02d", l/12, l%12+1)
	}
	y, w := weekZero.AddDate(0, 0, 7*l).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
