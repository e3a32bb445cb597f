package payfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"
)

func TestWrite(t *testing.T) {
	pays := []Payment{
		{Bank: "국민은행", Account: "123-45-6789", Holder: "광화문 김밥", Amount: 600001, Memo: "상생 선결제 정산 s1"},
		{Bank: "신한은행", Account: "110-222-333333", Holder: "을지로, \"떡집\"", Amount: 400000, Memo: ""},
	}
	want := "bank,account,holder,amount,memo\r\n" +
		"국민은행,123-45-6789,광화문 김밥,600001,상생 선결제 정산 s1\r\n" +
		"신한은행,110-222-333333,\"을지로, \"\"떡집\"\"\",400000,\r\n"
	var u bytes.Buffer
	if err := Write(&u, pays, UTF8); err != nil {
		t.Fatal(err)
	}
	if u.String() != want {
		t.Errorf("UTF-8 file:\n%q\nwant\n%q", u.String(), want)
	}
	var c bytes.Buffer
	if err := Write(&c, pays, CP949); err != nil {
		t.Fatal(err)
	}
	// 국 is B1B9 in CP949 (KS X 1001).
	if !bytes.Contains(c.Bytes(), []byte{0xB1, 0xB9}) {
		t.Errorf("CP949 file lacks 국 as B1 B9: % x", c.Bytes()[:48])
	}
	back, err := korean.EUCKR.NewDecoder().String(c.String())
	if err != nil || back != want {
		t.Errorf("CP949 decoded:\n%q (%v)\nwant\n%q", back, err, want)
	}
}

func TestWriteRefuses(t *testing.T) {
	good := Payment{Bank: "국민은행", Account: "123-45", Holder: "김밥", Amount: 1}
	for _, c := range []struct {
		name string
		edit func(p *Payment)
		enc  Encoding
		want string
	}{
		{"no bank", func(p *Payment) { p.Bank = " " }, UTF8, "payment 2: bank: empty"},
		{"letters in account", func(p *Payment) { p.Account = "12a" }, UTF8, "payment 2: account"},
		{"only hyphens", func(p *Payment) { p.Account = "--" }, UTF8, "payment 2: account"},
		{"zero amount", func(p *Payment) { p.Amount = 0 }, UTF8, "payment 2: amount 0"},
		{"newline in memo", func(p *Payment) { p.Memo = "a\nb" }, UTF8, "payment 2: memo: a control character"},
		{"emoji in CP949", func(p *Payment) { p.Holder = "김밥🍙" }, CP949, "payment 2: holder"},
		{"unknown encoding", func(p *Payment) {}, "latin1", "encoding"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := good
			c.edit(&bad)
			var b bytes.Buffer
			err := Write(&b, []Payment{good, bad}, c.enc)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", b.Len())
			}
		})
	}
	// The emoji is fine in UTF-8.
	if err := Write(&bytes.Buffer{}, []Payment{{Bank: "b", Account: "1", Holder: "김밥🍙", Amount: 1}}, UTF8); err != nil {
		t.Errorf("UTF-8 emoji: %v", err)
	}
}

func TestParseEncoding(t *testing.T) {
	for in, want := range map[string]Encoding{"": UTF8, "UTF-8": UTF8, "utf8": UTF8, "cp949": CP949, "EUC-KR": CP949} {
		if got, err := ParseEncoding(in); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseEncoding("latin1"); err == nil {
		t.Error("ParseEncoding(latin1): no error")
	}
}

func TestCheckPayee(t *testing.T) {
	for _, c := range []struct {
		bank, account, holder string
		want                  string // "" = accepted
	}{
		{"국민은행", "123-45-6789", "도시락 공방", ""},
		{"", "1", "공방", "bank: empty"},
		{"국민", "1-2a", "공방", `account "1-2a": want digits and hyphens`},
		{"국민", "1", " ", "holder: empty"},
		{"국민", "1", "공방🍱", "holder: \"공방🍱\" has a character CP949 cannot hold"},
		{"국민\t", "1", "공방", "bank: a control character"},
	} {
		err := CheckPayee(c.bank, c.account, c.holder)
		if got := fmt.Sprint(err); (c.want == "" && err != nil) || (c.want != "" && got != c.want) {
			t.Errorf("CheckPayee(%q, %q, %q) = %v, want %q", c.bank, c.account, c.holder, err, c.want)
		}
	}
	if UTF8.Charset() != "utf-8" || CP949.Charset() != "euc-kr" {
		t.Errorf("charsets %q, %q", UTF8.Charset(), CP949.Charset())
	}
}
