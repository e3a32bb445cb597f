// Package payfile writes the payment files that Korean banking software
// takes for bulk transfers: CSV with the columns bank, account, holder,
// amount and memo, in UTF-8 or in CP949. It does no I/O beyond the writer
// it is given.
package payfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/korean"
)

// Encoding is a payment file's character encoding.
type Encoding string

// The encodings: UTF-8 (without a byte-order mark) and CP949, the
// extension of EUC-KR that Korean banking software reads (x/text's
// korean.EUCKR encodes it).
const (
	UTF8  Encoding = "utf-8"
	CP949 Encoding = "cp949"
)

// ParseEncoding reads an encoding's name: utf-8 (or utf8) and cp949 (or
// euc-kr), in any case; "" is UTF-8.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(s) {
	case "", "utf-8", "utf8":
		return UTF8, nil
	case "cp949", "euc-kr", "euckr":
		return CP949, nil
	}
	return "", fmt.Errorf("encoding %q: want utf-8 or cp949", s)
}

// Charset is the encoding's name for a Content-Type header: "utf-8", or
// "euc-kr", the registered name browsers decode as CP949 (WHATWG maps
// every EUC-KR label to windows-949).
func (e Encoding) Charset() string {
	if e == CP949 {
		return "euc-kr"
	}
	return "utf-8"
}

// Header is the first line of every payment file.
var Header = []string{"bank", "account", "holder", "amount", "memo"}

// Payment is one line: amount won to the account.
type Payment struct {
	Bank    string
	Account string
	Holder  string
	Amount  int64
	Memo    string
}

// Write writes the header and one line per payment, CRLF-terminated, in
// enc. It refuses, naming the payment (from 1) and the field, an empty
// bank, account or holder, an account with other than digits and hyphens,
// a control character in any field, an amount below 1 and, in CP949, a
// character CP949 cannot hold; nothing is written then.
func Write(w io.Writer, payments []Payment, enc Encoding) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if err := cw.Write(Header); err != nil {
		return err
	}
	for i, p := range payments {
		if err := check(p, enc); err != nil {
			return fmt.Errorf("payment %d: %w", i+1, err)
		}
		rec := []string{p.Bank, p.Account, p.Holder, strconv.FormatInt(p.Amount, 10), p.Memo}
		if enc == CP949 {
			for j, f := range rec {
				rec[j], _ = korean.EUCKR.NewEncoder().String(f) // check made sure it holds
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	switch enc {
	case UTF8, CP949:
	default:
		return fmt.Errorf("encoding %q: want utf-8 or cp949", enc)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// CheckPayee reports whether bank details can stand on a payment file's
// line: bank, account and holder not empty, no control character, an
// account of digits and hyphens, every character one CP949 can hold (the
// file may be asked for in CP949 later). The error names the field.
func CheckPayee(bank, account, holder string) error {
	return check(Payment{Bank: bank, Account: account, Holder: holder, Amount: 1}, CP949)
}

func check(p Payment, enc Encoding) error {
	fields := []struct{ name, v string }{{"bank", p.Bank}, {"account", p.Account}, {"holder", p.Holder}, {"memo", p.Memo}}
	for _, f := range fields {
		if f.name != "memo" && strings.TrimSpace(f.v) == "" {
			return fmt.Errorf("%s: empty", f.name)
		}
		if strings.IndexFunc(f.v, unicode.IsControl) >= 0 {
			return fmt.Errorf("%s: a control character", f.name)
		}
	}
	if strings.Trim(p.Account, "0123456789-") != "" || strings.Trim(p.Account, "-") == "" {
		return fmt.Errorf("account %q: want digits and hyphens", p.Account)
	}
	if p.Amount < 1 {
		return fmt.Errorf("amount %d: want 1 won or more", p.Amount)
	}
	if enc == CP949 {
		for _, f := range fields {
			if _, err := korean.EUCKR.NewEncoder().String(f.v); err != nil {
				return fmt.Errorf("%s: %q has a character CP949 cannot hold", f.name, f.v)
			}
		}
	}
	return nil
}
