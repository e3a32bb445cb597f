package earlypay

import (
	"testing"

	"golang.org/x/text/encoding/korean"
)

func TestPaymentFile(t *testing.T) {
	lines := []PayLine{{"국민은행", "123-45-6789", "도시락 공방", 1_000_000, "조기지급 ep1 2건"}, {"신한", "110-1", "A, B", 5, `say "hi"`}}
	want := "bank,account,holder,amount,memo\r\n국민은행,123-45-6789,도시락 공방,1000000,조기지급 ep1 2건\r\n신한,110-1,\"A, B\",5,\"say \"\"hi\"\"\"\r\n"
	got, err := PaymentFile(lines, "utf-8")
	if err != nil || string(got) != want {
		t.Errorf("utf-8: got %q, %v; want %q", got, err, want)
	}
	cp, err := PaymentFile(lines, "cp949")
	if err != nil {
		t.Fatal(err)
	}
	back, _ := korean.EUCKR.NewDecoder().Bytes(cp)
	if string(back) != want || string(cp) == want {
		t.Errorf("cp949: decodes to %q; want %q, in CP949 bytes", back, want)
	}
	if _, err := PaymentFile([]PayLine{{Holder: "😀"}}, "cp949"); err == nil {
		t.Error("an emoji in CP949: no error")
	}
	if _, err := PaymentFile(lines, "latin1"); err == nil {
		t.Error("encoding latin1: no error")
	}
}
