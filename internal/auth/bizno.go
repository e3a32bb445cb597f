package auth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

// BusinessNo checks a 사업자등록번호 (Korean business registration number),
// written as 10 digits with or without the dashes of 123-45-67890, and
// returns its 10 digits. The check digit is bizno's (국세청's rule).
func BusinessNo(s string) (string, error) {
	digits := strings.ReplaceAll(s, "-", "")
	if len(digits) != 10 || strings.Count(s, "-") > 2 {
		return "", fmt.Errorf("business_no %q: want 10 digits such as 123-45-67890", s)
	}
	if strings.Trim(digits, "0123456789") != "" {
		return "", fmt.Errorf("business_no %q: want digits only", s)
	}
	if s != digits && !(len(s) == 12 && s[3] == '-' && s[6] == '-') {
		return "", fmt.Errorf("business_no %q: dashes belong after the 3rd and 5th digit", s)
	}
	if !bizno.Valid(digits) {
		return "", errors.New("business_no " + s + ": check digit does not match")
	}
	return digits, nil
}
