// Package contest holds the pure rules of a product contest: the jury's
// assignment, the scoring (per-judge z-scores or the procurement trimmed
// mean) with an explanation of every score, the selection of quantities
// under a budget (greedy and optimal) and the distribution of the bought
// units over an online shop and stores. It does no I/O.
package contest

import (
	"fmt"
	"strings"
	"time"
)

// Version of the rules as docs/programs.md states them.
const Version = "1.0"

// Error codes, as the API names them.
const (
	CodeInvalid         = "invalid"
	CodeJuryInfeasible  = "jury_infeasible"
	CodeOptimumTooLarge = "optimum_too_large"
)

// Error is a refusal of a contest rule: Code is one of the Code constants,
// Entry names the entry it concerns when there is one.
type Error struct {
	Code    string
	Entry   string
	Message string
}

func (e *Error) Error() string { return "contest: " + e.Message }

func invalid(format string, a ...any) error {
	return &Error{Code: CodeInvalid, Message: fmt.Sprintf(format, a...)}
}

// Criterion is one scored criterion: Key as the API names it, Name in
// Korean, Weight a positive integer (weights are relative: 30, 25, 20 …).
type Criterion struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Weight int64  `json:"weight"`
}

// Entry is one product entered by a supplier, as far as the rules need it.
type Entry struct {
	ID         string
	Supplier   string // the supplier's organisation id
	BusinessNo string // 사업자등록번호; hyphens and spaces are ignored
	UnitPrice  int64  // won
	MinUnits   int64
	MaxUnits   int64
	Submitted  time.Time
}

// ValidateCriteria checks that keys are present and unique and weights
// positive.
func ValidateCriteria(criteria []Criterion) error {
	if len(criteria) == 0 {
		return invalid("no criteria")
	}
	seen := make(map[string]bool, len(criteria))
	for i, c := range criteria {
		if c.Key == "" {
			return invalid("criterion %d: empty key", i+1)
		}
		if seen[c.Key] {
			return invalid("criterion %q: listed twice", c.Key)
		}
		seen[c.Key] = true
		if c.Weight <= 0 || c.Weight > 1_000_000 {
			return invalid("criterion %q: weight %d, want 1 to 1,000,000", c.Key, c.Weight)
		}
	}
	return nil
}

// normBusinessNo keeps the digits of a 사업자등록번호.
func normBusinessNo(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
