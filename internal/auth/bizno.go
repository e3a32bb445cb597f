package auth

import (
	"errors"
	"fmt"
	"strings"
)

// BusinessNo checks a 사업자등록번호 (Korean business registration number),
// written as 10 digits with or without the dashes of 123-45-67890, and
// returns its 10 digits.
//
// The check digit (National Tax Service): with weights 1,3,7,1,3,7,1,3,5 on
// the first nine digits d0…d8, s = Σ dᵢ·wᵢ + ⌊d8·5/10⌋ and the tenth digit
// is (10 − s mod 10) mod 10.
func BusinessNo(s string) (string, error) {
	digits := strings.ReplaceAll(s, "-", "")
	if len(digits) != 10 || strings.Count(s, "-") > 2 {
		return "", fmt.Errorf("business_no %q: want 10 digits such as 123-45-67890", s)
	}
	d := make([]int, 10)
	for i, c := range digits {
		if c < '0' || c > '9' {
			return "", fmt.Errorf("business_no %q: want digits only", s)
		}
		d[i] = int(c - '0')
	}
	if s != digits && !(len(s) == 12 && s[3] == '-' && s[6] == '-') {
		return "", fmt.Errorf("business_no %q: dashes belong after the 3rd and 5th digit", s)
	}
	if CheckDigit(d[:9]) != d[9] {
		return "", errors.New("business_no " + s + ": check digit does not match")
	}
	return digits, nil
}

// CheckDigit is the 사업자등록번호 check digit of the first nine digits.
func CheckDigit(d []int) int {
	w := [9]int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	s := 0
	for i := range 9 {
		s += d[i] * w[i]
	}
	s += d[8] * 5 / 10
	return (10 - s%10) % 10
}
