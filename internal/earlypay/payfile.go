package earlypay

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/korean"
)

// PayLine is one line of a payment file: an amount to pay into an
// account.
type PayLine struct {
	Bank    string
	Account string
	Holder  string
	Amount  int64 // won
	Memo    string
}

// PaymentColumns is the payment file's header.
var PaymentColumns = []string{"bank", "account", "holder", "amount", "memo"}

// PaymentFile writes lines as a CSV with the header bank, account, holder,
// amount, memo, in encoding "utf-8" or "cp949" (what Korean banks' bulk
// transfer uploads take), CRLF line ends. A text CP949 cannot hold, or an
// unknown encoding, is an error. (A shared payfile package is to replace
// this; the columns are the same.)
func PaymentFile(lines []PayLine, encoding string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(PaymentColumns)
	for _, l := range lines {
		w.Write([]string{l.Bank, l.Account, l.Holder, strconv.FormatInt(l.Amount, 10), l.Memo})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	switch strings.ToLower(encoding) {
	case "", "utf-8", "utf8":
		return b.Bytes(), nil
	case "cp949", "euc-kr":
		out, err := korean.EUCKR.NewEncoder().Bytes(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("earlypay: the payment file has text CP949 cannot hold: %w", err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("earlypay: encoding %q, want utf-8 or cp949", encoding)
}
