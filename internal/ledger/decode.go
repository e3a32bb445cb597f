package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MaxBatch is the most transfers one request may carry.
const MaxBatch = 1000

// DecodeError is a malformed request: which transfer (Index, -1 for the
// envelope) and field, and what is wrong.
type DecodeError struct {
	Index int
	Field string
	Msg   string
}

func (e *DecodeError) Error() string {
	if e.Index < 0 {
		return e.Msg
	}
	if e.Field == "" {
		return fmt.Sprintf("transfers[%d]: %s", e.Index, e.Msg)
	}
	return fmt.Sprintf("transfers[%d].%s: %s", e.Index, e.Field, e.Msg)
}

type wireTransfer struct {
	ID            string      `json:"id"`
	DebitAccount  string      `json:"debit_account"`
	CreditAccount string      `json:"credit_account"`
	Amount        json.Number `json:"amount"`
	Memo          string      `json:"memo"`
	Pending       bool        `json:"pending"`
	PostPending   string      `json:"post_pending"`
	VoidPending   string      `json:"void_pending"`
	TimeoutS      json.Number `json:"timeout_s"`
}

// DecodeBatch reads {"transfers":[…]} strictly: unknown fields, trailing
// data, non-integer amounts, more than MaxBatch transfers and transfers that
// fail Validate are errors (*DecodeError). The amount's range is left to the
// ledger, which answers invalid_amount.
func DecodeBatch(r io.Reader) ([]Transfer, error) {
	var body struct {
		Transfers []json.RawMessage `json:"transfers"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return nil, &DecodeError{Index: -1, Msg: "body: " + err.Error()}
	}
	if dec.More() {
		return nil, &DecodeError{Index: -1, Msg: "body: data after the JSON object"}
	}
	if len(body.Transfers) == 0 {
		return nil, &DecodeError{Index: -1, Msg: "transfers: want at least one transfer"}
	}
	if len(body.Transfers) > MaxBatch {
		return nil, &DecodeError{Index: -1, Msg: fmt.Sprintf("transfers: want at most %d, got %d", MaxBatch, len(body.Transfers))}
	}
	out := make([]Transfer, len(body.Transfers))
	for i, raw := range body.Transfers {
		var w wireTransfer
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		d.UseNumber()
		if err := d.Decode(&w); err != nil {
			return nil, &DecodeError{Index: i, Msg: err.Error()}
		}
		t := Transfer{ID: w.ID, DebitAccount: w.DebitAccount, CreditAccount: w.CreditAccount, Memo: w.Memo,
			Pending: w.Pending, PostPending: w.PostPending, VoidPending: w.VoidPending}
		var err error
		if t.Amount, err = integer(w.Amount); err != nil {
			return nil, &DecodeError{Index: i, Field: "amount", Msg: err.Error()}
		}
		if t.TimeoutS, err = integer(w.TimeoutS); err != nil {
			return nil, &DecodeError{Index: i, Field: "timeout_s", Msg: err.Error()}
		}
		if err := t.Validate(); err != nil {
			return nil, &DecodeError{Index: i, Msg: err.Error()}
		}
		out[i] = t
	}
	return out, nil
}

// integer reads a JSON number that must be a whole int64; absent is 0.
func integer(n json.Number) (int64, error) {
	if n == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, fmt.Errorf("%s is out of range", n)
		}
		return 0, fmt.Errorf("%s is not a whole number of won", n)
	}
	return v, nil
}
