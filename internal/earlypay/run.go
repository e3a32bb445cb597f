package earlypay

import (
	"cmp"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"time"
)

// Mode is who bears the cost of paying early.
type Mode string

const (
	// ModeSangsaeng pays the full amount early: the operator bears the cost.
	ModeSangsaeng Mode = "sangsaeng"
	// ModeDiscount pays amount − ⌊amount × APR × days early / 365⌋
	// (dynamic discounting).
	ModeDiscount Mode = "discount"
)

// SubcontractDays is 하도급법 §13's limit: payment within 60 days of
// receipt.
const SubcontractDays = 60

// Open is an invoice the run may consider, with what the store knows.
type Open struct {
	Invoice
	Paid bool // already paid (by an earlier run or on its due date)
	SME  bool // the supplier is a certified SME (중소기업 확인서)
}

// Params are a run's terms.
type Params struct {
	PayDate    time.Time // the day the run pays (a date)
	WithinDays int       // takes invoices due after PayDate and at most WithinDays after it
	Budget     int64     // the most cash the run pays out, won
	Mode       Mode
	APRBP      int64 // ModeDiscount: annual rate in basis points (1,200 = 12.00%)
}

// Payment is one invoice the run pays.
type Payment struct {
	Invoice
	DaysEarly int   `json:"days_early"` // due_on − pay date
	Discount  int64 `json:"discount"`
	Cash      int64 `json:"cash"` // amount − discount
}

// Late is an invoice settled more than 60 days after receipt.
type Late struct {
	Invoice
	SettledOn time.Time `json:"settled_on"` // the pay date when paid by the run, else due_on
	Days      int       `json:"days"`       // settled_on − issued_on
}

// Report is what a run paid and left.
type Report struct {
	Mode      Mode      `json:"mode"`
	PayDate   time.Time `json:"pay_date"`
	Budget    int64     `json:"budget"`
	Eligible  int       `json:"eligible"`  // invoices the run could take
	Payments  []Payment `json:"payments"`  // in the order chosen
	Skipped   []Invoice `json:"skipped"`   // eligible but beyond the budget
	Suppliers int       `json:"suppliers"` // distinct suppliers paid
	Invoices  int       `json:"invoices"`
	Total     int64     `json:"total"`    // face amount paid
	Discount  int64     `json:"discount"` // Σ discounts
	Cash      int64     `json:"cash"`     // Total − Discount: the budget spent
	// WeightedDaysEarly = Σ amount·days early / Σ amount (0 when nothing is paid).
	WeightedDaysEarly float64 `json:"weighted_days_early"`
	Over60            []Late  `json:"over_60_days"`
}

func dayDiff(a, b time.Time) int {
	return int((b.Unix() - a.Unix()) / 86400)
}

// Discount is ⌊amount × aprBP × days / (365 × 10,000)⌋, exact in 128
// bits, and never more than amount.
func Discount(amount, aprBP int64, days int) int64 {
	if amount <= 0 || aprBP <= 0 || days <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(amount), uint64(aprBP)*uint64(days))
	if hi >= 365*10_000 { // the quotient is beyond 2⁶⁴, so beyond amount
		return amount
	}
	q, _ := bits.Div64(hi, lo, 365*10_000)
	return min(int64(q), amount)
}

// Run chooses and prices the invoices a run pays. It takes the open
// invoices that are not paid, come from an SME supplier and fall due after
// the pay date and at most WithinDays after it; orders them by due date
// (earliest first), then by the supplier's total eligible amount (smallest
// first, so the money reaches the most SMEs), then business number, then
// invoice number; and pays each in that order whose cash fits in what is
// left of the budget. An invoice that does not fit is skipped, never
// split, and the next ones are still tried. The report counts what was
// paid and lists every open invoice settled more than 60 days after its
// issue date (taken as the day of receipt, 하도급법 §13): paid by the run,
// it settles on the pay date; otherwise on its due date.
func Run(invoices []Open, p Params) (Report, error) {
	switch {
	case p.Mode != ModeSangsaeng && p.Mode != ModeDiscount:
		return Report{}, fmt.Errorf("earlypay: mode %q, want sangsaeng or discount", p.Mode)
	case p.Mode == ModeDiscount && (p.APRBP <= 0 || p.APRBP > 10_000):
		return Report{}, fmt.Errorf("earlypay: APR %d basis points, want 1 to 10,000", p.APRBP)
	case p.WithinDays < 1:
		return Report{}, fmt.Errorf("earlypay: within %d days, want at least 1", p.WithinDays)
	case p.Budget < 0:
		return Report{}, fmt.Errorf("earlypay: budget %d is negative", p.Budget)
	}
	rep := Report{Mode: p.Mode, PayDate: p.PayDate, Budget: p.Budget}
	type cand struct {
		i, days  int
		due      int64
		supplier int64 // the supplier's total eligible amount
		bn, no   string
	}
	var eligible []cand
	supplierTotal := map[string]int64{}
	for i, o := range invoices {
		d := dayDiff(p.PayDate, o.DueOn)
		if o.Paid || !o.SME || d < 1 || d > p.WithinDays {
			continue
		}
		eligible = append(eligible, cand{i: i, days: d, due: o.DueOn.Unix(), bn: o.SupplierBusinessNo, no: o.InvoiceNo})
		supplierTotal[o.SupplierBusinessNo] += o.Amount
	}
	for k := range eligible {
		eligible[k].supplier = supplierTotal[eligible[k].bn]
	}
	rep.Eligible = len(eligible)
	slices.SortFunc(eligible, func(x, y cand) int {
		return cmp.Or(
			cmp.Compare(x.due, y.due),
			cmp.Compare(x.supplier, y.supplier),
			cmp.Compare(x.bn, y.bn),
			cmp.Compare(x.no, y.no),
		)
	})
	left := p.Budget
	paid := make([]bool, len(invoices))
	suppliers := map[string]bool{}
	var whi, wlo uint64 // Σ amount·days in 128 bits
	for _, c := range eligible {
		o := &invoices[c.i]
		var disc int64
		if p.Mode == ModeDiscount {
			disc = Discount(o.Amount, p.APRBP, c.days)
		}
		cash := o.Amount - disc
		if cash > left {
			rep.Skipped = append(rep.Skipped, o.Invoice)
			continue
		}
		left -= cash
		paid[c.i] = true
		suppliers[o.SupplierBusinessNo] = true
		rep.Payments = append(rep.Payments, Payment{Invoice: o.Invoice, DaysEarly: c.days, Discount: disc, Cash: cash})
		rep.Total += o.Amount
		rep.Discount += disc
		rep.Cash += cash
		h, l := bits.Mul64(uint64(o.Amount), uint64(c.days))
		var carry uint64
		wlo, carry = bits.Add64(wlo, l, 0)
		whi += h + carry
	}
	rep.Invoices = len(rep.Payments)
	rep.Suppliers = len(suppliers)
	if rep.Total > 0 {
		w := new(big.Int).Lsh(new(big.Int).SetUint64(whi), 64)
		w.Or(w, new(big.Int).SetUint64(wlo))
		f, _ := new(big.Rat).SetFrac(w, big.NewInt(rep.Total)).Float64()
		rep.WeightedDaysEarly = f
	}
	for i, o := range invoices {
		if o.Paid && !paid[i] {
			continue
		}
		settled := o.DueOn
		if paid[i] {
			settled = p.PayDate
		}
		if d := dayDiff(o.IssuedOn, settled); d > SubcontractDays {
			rep.Over60 = append(rep.Over60, Late{Invoice: o.Invoice, SettledOn: settled, Days: d})
		}
	}
	return rep, nil
}
