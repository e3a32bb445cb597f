package program

import (
	"testing"
	"time"
)

func TestPrepay(t *testing.T) {
	p := Prepayment{PerMerchant: 500_000, RedeemUntil: date("2027-02-28"), Unused: UnusedDonate}
	tests := []struct {
		name      string
		p         Prepayment
		cohort    int
		available int64
		want      int64
		code      string
	}{
		{"50 restaurants", p, 50, 25_000_000, 25_000_000, ""},
		{"one won short", p, 50, 24_999_999, 0, CodeExceedsCredits},
		{"empty cohort", p, 0, 1, 0, CodeInvalid},
		{"overflow", Prepayment{PerMerchant: 1 << 62}, 4, 1<<63 - 1, 0, CodeExceedsCredits},
	}
	for _, tt := range tests {
		got, err := tt.p.Prepay(tt.cohort, tt.available)
		wantCode(t, tt.name, err, tt.code)
		if got != tt.want {
			t.Errorf("%s: Prepay = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestRedeem(t *testing.T) {
	p := Prepayment{PerMerchant: 500_000, RedeemUntil: date("2027-02-28"), Unused: UnusedRefund}
	tests := []struct {
		name    string
		now     time.Time
		balance int64
		amount  int64
		code    string
	}{
		{"the whole balance", kst(2027, 2, 1, 12, 0), 500_000, 500_000, ""},
		{"last minute of the last day", kst(2027, 2, 28, 23, 59), 10_000, 9_000, ""},
		// 15:00 UTC on 28 February is midnight in Seoul: closed.
		{"midnight in Seoul", time.Date(2027, 2, 28, 15, 0, 0, 0, time.UTC), 10_000, 9_000, CodeProgramClosed},
		{"one won over", kst(2027, 2, 1, 12, 0), 12_000, 12_001, CodeExceedsCredits},
		{"closed and over: closed first", kst(2027, 3, 2, 12, 0), 0, 1, CodeProgramClosed},
		{"zero", kst(2027, 2, 1, 12, 0), 100, 0, CodeInvalid},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, p.Redeem(tt.now, tt.balance, tt.amount), tt.code)
	}
}

func TestClose(t *testing.T) {
	after := kst(2027, 3, 1, 0, 0)
	for _, tt := range []struct {
		rule string
		want Closing
	}{
		{UnusedRefund, Closing{Rule: UnusedRefund, Refunded: 37_000}},
		{UnusedDonate, Closing{Rule: UnusedDonate, Donated: 37_000}},
		{UnusedKeep, Closing{Rule: UnusedKeep, Kept: 37_000}},
	} {
		p := Prepayment{PerMerchant: 500_000, RedeemUntil: date("2027-02-28"), Unused: tt.rule}
		got, err := p.Close(after, 37_000)
		if err != nil || got != tt.want {
			t.Errorf("Close(%s) = %+v, %v; want %+v", tt.rule, got, err, tt.want)
		}
		_, err = p.Close(kst(2027, 2, 28, 23, 59), 37_000)
		wantCode(t, "closing on the last day", err, CodeInvalid)
	}
	bad := Prepayment{PerMerchant: 1, RedeemUntil: date("2027-02-28"), Unused: "burn"}
	wantCode(t, "unknown rule", bad.Validate(), CodeInvalid)
	if _, err := bad.Close(after, 1); err == nil {
		t.Error("Close with an unknown rule: no error")
	}
	wantCode(t, "zero per_merchant", Prepayment{Unused: UnusedKeep}.Validate(), CodeInvalid)
}
