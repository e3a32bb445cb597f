package program

import (
	"errors"
	"testing"
	"time"
)

// kst is an instant given in Seoul's clock.
func kst(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Seoul)
}

func date(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// wantCode fails unless err is an *Error with code want ("" for no error).
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%s: error %v, want none", what, err)
		}
		return
	}
	var pe *Error
	if !errors.As(err, &pe) || pe.Code != want {
		t.Errorf("%s: error %v, want code %s", what, err, want)
	}
}

func TestDatesAndClocks(t *testing.T) {
	// 15:30 UTC on 4 January is 00:30 on 5 January in Seoul.
	if got := Today(time.Date(2027, 1, 4, 15, 30, 0, 0, time.UTC)); got != date("2027-01-05") {
		t.Errorf("Today = %s, want 2027-01-05", got)
	}
	c, err := ParseClock("17:30")
	if err != nil || c != 17*60+30 || c.String() != "17:30" {
		t.Errorf("ParseClock(17:30) = %v (%s), %v", int(c), c, err)
	}
	if got := date("2027-01-05").At(c); !got.Equal(time.Date(2027, 1, 5, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("At = %v, want 08:30 UTC", got)
	}
	if got := date("2027-02-27").AddDays(2); got != date("2027-03-01") {
		t.Errorf("AddDays = %s", got)
	}
	for _, bad := range []string{"24:00", "7:3x", ""} {
		if _, err := ParseClock(bad); err == nil {
			t.Errorf("ParseClock(%q): no error", bad)
		}
	}
	if _, err := ParseDate("2027-02-30"); err == nil {
		t.Error("ParseDate(2027-02-30): no error")
	}
}
