// Package bizno checks Korean business registration numbers
// (사업자등록번호): ten digits, the last a check digit.
package bizno

import (
	"fmt"
	"strings"
)

// Valid reports whether s (10 digits) carries a valid 사업자등록번호 check
// digit: with weights 1,3,7,1,3,7,1,3,5 on the first nine digits,
// s = Σ dᵢwᵢ + ⌊5·d₉/10⌋ (d₉ the ninth digit), the tenth digit is
// (10 − s mod 10) mod 10 (국세청).
func Valid(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := range 10 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	c, _ := CheckDigit(s[:9])
	return c == s[9]
}

// CheckDigit returns the check digit completing nine digits, and false when
// nine is not nine digits.
func CheckDigit(nine string) (byte, bool) {
	if len(nine) != 9 {
		return 0, false
	}
	w := [9]int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	sum := 0
	for i, wi := range w {
		d := nine[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		sum += int(d-'0') * wi
	}
	sum += int(nine[8]-'0') * 5 / 10
	return byte('0' + (10-sum%10)%10), true
}

// LooksLike reports whether s has the form of a 사업자등록번호 (ten digits,
// hyphens allowed as in 123-45-67890), whatever its check digit.
func LooksLike(s string) bool {
	d := strings.ReplaceAll(s, "-", "")
	return len(d) == 10 && strings.Trim(d, "0123456789") == ""
}

// Parse returns s without hyphens when it is a valid 사업자등록번호, else an
// error saying what is wrong.
func Parse(s string) (string, error) {
	if !LooksLike(s) {
		return "", fmt.Errorf("%q: want 10 digits (123-45-67890)", s)
	}
	d := strings.ReplaceAll(s, "-", "")
	if !Valid(d) {
		return "", fmt.Errorf("%q: the check digit is wrong", s)
	}
	return d, nil
}
