package program

import "github.com/sangsaeng/sangsaeng/internal/alloc"

// Operator is an organisation that funds a program, with its share: a
// positive integer (60 and 40 split 60:40).
type Operator struct {
	Org   string `json:"org"`
	Share int64  `json:"share"`
}

// SplitSettlement divides what is owed to one merchant among the
// operators by their shares, to the won, by the largest remainder
// (alloc.Split): equal remainders go to the operator listed first. The
// parts add up to amount exactly.
func SplitSettlement(amount int64, ops []Operator) ([]int64, error) {
	if len(ops) == 0 {
		return nil, fail(CodeInvalid, "no operator")
	}
	if amount < 0 {
		return nil, fail(CodeInvalid, "amount %d is negative", amount)
	}
	shares := make([]int64, len(ops))
	seen := map[string]bool{}
	for i, o := range ops {
		if o.Share <= 0 {
			return nil, fail(CodeInvalid, "operator %s: share %d, want a positive integer", o.Org, o.Share)
		}
		if seen[o.Org] {
			return nil, fail(CodeInvalid, "operator %s listed twice", o.Org)
		}
		seen[o.Org] = true
		shares[i] = o.Share
	}
	parts, err := alloc.Split(amount, shares)
	if err != nil {
		return nil, fail(CodeInvalid, "%v", err)
	}
	return parts, nil
}
