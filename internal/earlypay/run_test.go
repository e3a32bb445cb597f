package earlypay

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestDiscount(t *testing.T) {
	tests := []struct {
		amount, bp int64
		days       int
		want       int64
	}{
		{1_000_000, 1_200, 10, 3_287},  // 12,000,000,000 / 3,650,000 = 3,287.67
		{2_000_000, 1_200, 20, 13_150}, // 48,000,000,000 / 3,650,000 = 13,150.68
		{1, 10_000, 365, 1},            // 100% for a year
		{10, 10_000, 730, 10},          // never more than the amount
		{1 << 62, 10_000, 400, 1 << 62},
		{1_000_000, 0, 10, 0},
		{1_000_000, 1_200, 0, 0},
		{364, 100, 365, 3}, // 364 × 100 × 365 / 3,650,000 = 3.64
	}
	for _, tt := range tests {
		if got := Discount(tt.amount, tt.bp, tt.days); got != tt.want {
			t.Errorf("Discount(%d, %d bp, %d days) = %d, want %d", tt.amount, tt.bp, tt.days, got, tt.want)
		}
	}
}

var (
	s1, s2 = "2208162517", "1248100998"
	s3     = withCheck("101010101")
	s4     = withCheck("202020202")
	s5     = withCheck("303030303")
)

// runInvoices: pay date 2027-02-05, 30 days → due 02-06 … 03-07.
func runInvoices() []Open {
	inv := func(bn, no, issued, due string, amount int64, paid, sme bool) Open {
		return Open{Invoice{SupplierBusinessNo: bn, InvoiceNo: no, IssuedOn: day(issued), DueOn: day(due), Amount: amount}, paid, sme}
	}
	return []Open{
		inv(s1, "A1", "2026-12-10", "2027-02-15", 3_000_000, false, true),  // 10 days early; 67 days from receipt to due
		inv(s1, "A2", "2027-01-10", "2027-02-25", 2_000_000, false, true),  // 20 days early
		inv(s2, "B1", "2026-12-01", "2027-02-15", 1_000_000, false, true),  // 10 days; 66 days to the pay date
		inv(s2, "B2", "2027-01-01", "2027-03-20", 500_000, false, true),    // 43 days: outside; 78 days to due
		inv(s3, "C1", "2027-01-05", "2027-02-10", 4_000_000, false, false), // not an SME
		inv(s3, "C2", "2026-10-01", "2027-02-10", 4_000_000, true, true),   // paid already
		inv(s4, "D1", "2027-01-01", "2027-02-05", 900_000, false, true),    // due on the pay date: not early
		inv(s5, "E1", "2027-01-15", "2027-02-15", 2_500_000, false, true),  // 10 days
	}
}

func TestRun(t *testing.T) {
	// Eligible: A1, A2, B1, E1; supplier totals s1 5.0M, s2 1.0M, s5 2.5M.
	// Order: 02-15 B1 (s2, 1.0M), E1 (s5, 2.5M), A1 (s1, 5.0M); 02-25 A2.
	tests := []struct {
		name      string
		params    Params
		paid      string
		skipped   string
		total     int64
		discount  int64
		cash      int64
		suppliers int
		weighted  float64
		over60    string
	}{
		{
			// 6.0M: B1 (left 5.0M), E1 (2.5M), A1 3.0M does not fit, A2 2.0M does.
			// Weighted days (1M·10 + 2.5M·10 + 2M·20) / 5.5M = 75/5.5.
			// Over 60: A1 unpaid (12-10 → 02-15 = 67), B1 paid (12-01 → 02-05 = 66),
			// B2 (01-01 → 03-20 = 78).
			name:   "sangsaeng",
			params: Params{PayDate: day("2027-02-05"), WithinDays: 30, Budget: 6_000_000, Mode: ModeSangsaeng},
			paid:   "B1 E1 A2", skipped: "A1",
			total: 5_500_000, cash: 5_500_000, suppliers: 3, weighted: 75.0 / 5.5,
			over60: "A1 67, B1 66, B2 78",
		},
		{
			// 12%: B1 3,287 (cash 996,713, left 5,003,287), E1 8,219 (2,491,781,
			// left 2,511,506), A1 9,863 (2,990,137: does not fit), A2 13,150
			// (1,986,850, left 524,656).
			name:   "discount",
			params: Params{PayDate: day("2027-02-05"), WithinDays: 30, Budget: 6_000_000, Mode: ModeDiscount, APRBP: 1_200},
			paid:   "B1 E1 A2", skipped: "A1",
			total: 5_500_000, discount: 24_656, cash: 5_475_344, suppliers: 3, weighted: 75.0 / 5.5,
			over60: "A1 67, B1 66, B2 78",
		},
		{
			// Everything fits: A1 paid on the pay date (12-10 → 02-05 = 57 days).
			// Weighted days (1M·10 + 2.5M·10 + 3M·10 + 2M·20) / 8.5M = 105/8.5.
			name:   "budget covers all",
			params: Params{PayDate: day("2027-02-05"), WithinDays: 30, Budget: 100_000_000, Mode: ModeSangsaeng},
			paid:   "B1 E1 A1 A2",
			total:  8_500_000, cash: 8_500_000, suppliers: 3, weighted: 105.0 / 8.5,
			over60: "B1 66, B2 78",
		},
		{
			// 50 days reaches B2 (43 days early; paid, 01-01 → 02-05 = 35):
			// (105 + 0.5·43) / 9 = 126.5/9.
			name:   "wider window",
			params: Params{PayDate: day("2027-02-05"), WithinDays: 50, Budget: 100_000_000, Mode: ModeSangsaeng},
			paid:   "B1 E1 A1 A2 B2",
			total:  9_000_000, cash: 9_000_000, suppliers: 3, weighted: 126.5 / 9,
			over60: "B1 66",
		},
		{
			name:    "no budget",
			params:  Params{PayDate: day("2027-02-05"), WithinDays: 30, Mode: ModeSangsaeng},
			skipped: "B1 E1 A1 A2",
			over60:  "A1 67, B1 76, B2 78",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Run(runInvoices(), tt.params)
			if err != nil {
				t.Fatal(err)
			}
			var paid, skipped, over []string
			for _, p := range r.Payments {
				paid = append(paid, p.InvoiceNo)
				if p.Cash != p.Amount-p.Discount {
					t.Errorf("%s: cash %d, amount %d, discount %d", p.InvoiceNo, p.Cash, p.Amount, p.Discount)
				}
			}
			for _, s := range r.Skipped {
				skipped = append(skipped, s.InvoiceNo)
			}
			for _, l := range r.Over60 {
				over = append(over, fmt.Sprintf("%s %d", l.InvoiceNo, l.Days))
			}
			got := fmt.Sprintf("paid %s skipped %s total %d discount %d cash %d suppliers %d invoices %d eligible %d over60 %s",
				strings.Join(paid, " "), strings.Join(skipped, " "), r.Total, r.Discount, r.Cash, r.Suppliers, r.Invoices, r.Eligible, strings.Join(over, ", "))
			want := fmt.Sprintf("paid %s skipped %s total %d discount %d cash %d suppliers %d invoices %d eligible %d over60 %s",
				tt.paid, tt.skipped, tt.total, tt.discount, tt.cash, tt.suppliers, len(paid), r.Eligible, tt.over60)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if d := r.WeightedDaysEarly - tt.weighted; d > 1e-9 || d < -1e-9 {
				t.Errorf("weighted days early = %v, want %v", r.WeightedDaysEarly, tt.weighted)
			}
			if r.Cash > tt.params.Budget {
				t.Errorf("cash %d over the budget %d", r.Cash, tt.params.Budget)
			}
		})
	}
}

func TestRunInvalid(t *testing.T) {
	for _, p := range []Params{
		{WithinDays: 30, Mode: "free"},
		{WithinDays: 30, Mode: ModeDiscount},
		{WithinDays: 30, Mode: ModeDiscount, APRBP: 10_001},
		{WithinDays: 0, Mode: ModeSangsaeng},
		{WithinDays: 30, Mode: ModeSangsaeng, Budget: -1},
	} {
		if _, err := Run(nil, p); err == nil {
			t.Errorf("Run(%+v): no error", p)
		}
	}
}

// manyInvoices: 20,000 invoices of 2,000 suppliers due over the 30 days
// after the pay date.
func manyInvoices() []Open {
	r := rand.New(rand.NewPCG(20, 26))
	out := make([]Open, 20_000)
	for i := range out {
		bn := withCheck(fmt.Sprintf("5%08d", i%2_000))
		due := day("2027-02-05").AddDate(0, 0, 1+r.IntN(30))
		out[i] = Open{Invoice: Invoice{SupplierBusinessNo: bn, InvoiceNo: fmt.Sprintf("INV-%06d", i),
			IssuedOn: due.AddDate(0, 0, -30-r.IntN(60)), DueOn: due, Amount: 10_000 * (1 + r.Int64N(200))}, SME: true}
	}
	return out
}

func BenchmarkRun20000(b *testing.B) {
	inv := manyInvoices()
	p := Params{PayDate: day("2027-02-05"), WithinDays: 30, Budget: 8_000_000_000, Mode: ModeDiscount, APRBP: 900}
	for b.Loop() {
		if _, err := Run(inv, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse20000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("supplier_business_no,invoice_no,issued_on,due_on,amount\n")
	for _, o := range manyInvoices() {
		fmt.Fprintf(&sb, "%s,%s,%s,%s,%d\n", o.SupplierBusinessNo, o.InvoiceNo, o.IssuedOn.Format("2006-01-02"), o.DueOn.Format("2006-01-02"), o.Amount)
	}
	data := []byte(sb.String())
	for b.Loop() {
		if _, _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
