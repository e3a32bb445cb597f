package program

import (
	"math/bits"
	"time"
)

// Unused-balance rules of a prepayment, run at redeem_until.
const (
	// UnusedRefund: the merchant pays the unused balance back to the operator.
	UnusedRefund = "refund"
	// UnusedDonate: the merchant serves the unused balance as meals to a
	// charity the operator names; it is recorded as donated.
	UnusedDonate = "donate"
	// UnusedKeep: the merchant keeps the unused balance as support and owes
	// nothing more.
	UnusedKeep = "keep"
)

// Prepayment is a 선결제 program: PerMerchant won prepaid to each merchant
// of the cohort, redeemable in meals through RedeemUntil (that whole day in
// Seoul); then Unused decides what happens to what is left.
type Prepayment struct {
	PerMerchant int64
	RedeemUntil Date
	Unused      string
}

// Validate checks the terms.
func (p Prepayment) Validate() error {
	if p.PerMerchant <= 0 {
		return fail(CodeInvalid, "per_merchant %d, want a positive amount", p.PerMerchant)
	}
	switch p.Unused {
	case UnusedRefund, UnusedDonate, UnusedKeep:
	default:
		return fail(CodeInvalid, "unused %q, want refund, donate or keep", p.Unused)
	}
	return nil
}

// Prepay is what prepaying the cohort costs: PerMerchant × cohort. It
// refuses with exceeds_credits when that is more than available (the
// budget funded and not yet committed), so that all or none are prepaid.
func (p Prepayment) Prepay(cohort int, available int64) (int64, error) {
	if cohort < 1 {
		return 0, fail(CodeInvalid, "the cohort is empty")
	}
	hi, total := bits.Mul64(uint64(p.PerMerchant), uint64(cohort))
	if hi != 0 || total > uint64(available) || available < 0 {
		return 0, fail(CodeExceedsCredits, "prepaying %d merchants × %d won exceeds the %d won available", cohort, p.PerMerchant, available)
	}
	return int64(total), nil
}

// Redeem checks a redemption of amount won at the instant now against the
// merchant's balance: refused with program_closed after RedeemUntil (in
// Seoul), with exceeds_credits beyond the balance.
func (p Prepayment) Redeem(now time.Time, balance, amount int64) error {
	if amount <= 0 {
		return fail(CodeInvalid, "amount %d, want a positive amount", amount)
	}
	if Today(now).Compare(p.RedeemUntil) > 0 {
		return fail(CodeProgramClosed, "redemptions ended on %s", p.RedeemUntil)
	}
	if amount > balance {
		return fail(CodeExceedsCredits, "%d won exceeds the balance of %d won", amount, balance)
	}
	return nil
}

// Closing is what the unused-balance rule does with a merchant's balance.
type Closing struct {
	Rule     string `json:"rule"`
	Refunded int64  `json:"refunded"` // paid back to the operator
	Donated  int64  `json:"donated"`  // served to the named charity
	Kept     int64  `json:"kept"`     // kept by the merchant
}

// Close applies the unused-balance rule to balance once redemptions have
// ended, from the day after RedeemUntil in Seoul; earlier it refuses with
// code invalid.
func (p Prepayment) Close(now time.Time, balance int64) (Closing, error) {
	if Today(now).Compare(p.RedeemUntil) <= 0 {
		return Closing{}, fail(CodeInvalid, "redemptions run until %s: too early to close", p.RedeemUntil)
	}
	if balance < 0 {
		return Closing{}, fail(CodeInvalid, "balance %d is negative", balance)
	}
	c := Closing{Rule: p.Unused}
	switch p.Unused {
	case UnusedRefund:
		c.Refunded = balance
	case UnusedDonate:
		c.Donated = balance
	case UnusedKeep:
		c.Kept = balance
	default:
		return Closing{}, p.Validate()
	}
	return c, nil
}
