// Package program holds the pure rules of the support programs for
// merchants: prepayment (선결제), meal kits (밀키트), lunchboxes (도시락)
// and the settlement split among operators. Time enters only as an
// argument (an injected clock); rules are read in Asia/Seoul. It does no
// I/O.
package program

import (
	"fmt"
	"time"
)

// Version of the rules as docs/programs.md states them.
const Version = "1.0"

// Error codes, as the API names them.
const (
	CodeInvalid        = "invalid"
	CodeQuotaExceeded  = "quota_exceeded"
	CodeCutoffPassed   = "cutoff_passed"
	CodeProgramClosed  = "program_closed"
	CodeExceedsCredits = "exceeds_credits"
	CodePickupClosed   = "pickup_closed"
	CodeOverCapacity   = "over_capacity"
)

// Error is a refusal by a program rule; Code is one of the Code constants.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

func fail(code, format string, a ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// Seoul is Korea Standard Time. Korea has kept UTC+9 without daylight
// saving since 1988, so a fixed zone is exact for every date a program
// can have, and needs no time-zone database.
var Seoul = time.FixedZone("Asia/Seoul", 9*60*60)

// Date is a calendar day in Seoul.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fail(CodeInvalid, "%q is not a date (YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// DateOf is the date of t's civil day (in t's own location).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the date in Seoul at the instant now.
func Today(now time.Time) Date { return DateOf(now.In(Seoul)) }

// At is the instant of d at clock time c in Seoul.
func (d Date) At(c Clock) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, int(c), 0, 0, Seoul)
}

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Compare orders dates: −1, 0 or +1.
func (d Date) Compare(e Date) int {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Compare(time.Date(e.Year, e.Month, e.Day, 0, 0, 0, 0, time.UTC))
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Clock is a time of day in minutes after midnight (Seoul).
type Clock int

// ParseClock reads HH:MM (00:00–23:59).
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fail(CodeInvalid, "%q is not a time of day (HH:MM)", s)
	}
	return Clock(t.Hour()*60 + t.Minute()), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Period is a program's first and last day, both included.
type Period struct {
	Starts, Ends Date
}

// Contains reports whether d falls within the period.
func (p Period) Contains(d Date) bool {
	return p.Starts.Compare(d) <= 0 && d.Compare(p.Ends) <= 0
}

func (p Period) validate() error {
	if p.Ends.Compare(p.Starts) < 0 {
		return fail(CodeInvalid, "the period ends (%s) before it starts (%s)", p.Ends, p.Starts)
	}
	return nil
}
