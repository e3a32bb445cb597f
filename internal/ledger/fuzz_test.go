package ledger

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// FuzzDecodeBatch: the decoder never panics, and what it accepts is valid,
// survives a round trip through JSON unchanged, and is at most MaxBatch long.
func FuzzDecodeBatch(f *testing.F) {
	for _, s := range []string{
		`{"transfers":[{"id":"a","debit_account":"x","credit_account":"y","amount":5}]}`,
		`{"transfers":[{"id":"p","debit_account":"x","credit_account":"y","amount":5,"pending":true,"timeout_s":30,"memo":"도시락"}]}`,
		`{"transfers":[{"id":"q","post_pending":"p","amount":3},{"id":"r","void_pending":"p"}]}`,
		`{"transfers":[{"id":"a","debit_account":"x","credit_account":"y","amount":1.5}]}`,
		`{"transfers":[{"id":"a","debit_account":"x","credit_account":"y","amount":1e3}]}`,
		`{"transfers":[{"id":"a","amount":99999999999999999999}]}`,
		`{"transfers":[]}`, `{"transfers":[{"id":"a","extra":1}]}`, `{"transfers":[{}]} {}`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		batch, err := DecodeBatch(bytes.NewReader(data))
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *DecodeError", err)
			}
			return
		}
		if len(batch) == 0 || len(batch) > MaxBatch {
			t.Fatalf("accepted %d transfers", len(batch))
		}
		wire := make([]map[string]any, len(batch))
		for i, tr := range batch {
			if err := tr.Validate(); err != nil {
				t.Fatalf("accepted an invalid transfer %+v: %v", tr, err)
			}
			wire[i] = map[string]any{"id": tr.ID, "debit_account": tr.DebitAccount, "credit_account": tr.CreditAccount,
				"amount": tr.Amount, "memo": tr.Memo, "pending": tr.Pending, "post_pending": tr.PostPending,
				"void_pending": tr.VoidPending, "timeout_s": tr.TimeoutS}
		}
		again, err := json.Marshal(map[string]any{"transfers": wire})
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeBatch(bytes.NewReader(again))
		if err != nil || !slices.Equal(back, batch) {
			t.Fatalf("round trip: %v, %+v, want %+v", err, back, batch)
		}
	})
}

// byteSource feeds the generator from the fuzzer's bytes, so that the
// fuzzer steers the operations; past the end it continues with splitmix64
// (a constant source would stall rand's rejection sampling).
type byteSource struct {
	data []byte
	n    uint64
}

func (s *byteSource) Uint64() uint64 {
	if len(s.data) >= 8 {
		v := binary.BigEndian.Uint64(s.data)
		s.data = s.data[8:]
		return v
	}
	s.n += 0x9e3779b97f4a7c15
	z := s.n
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// FuzzLedger drives the state machine and the model with operations chosen
// by the fuzzer and wants them to agree, and the check to hold, throughout.
func FuzzLedger(f *testing.F) {
	for _, seed := range [][]byte{
		{0}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		bytes.Repeat([]byte{7, 200, 13, 99, 1, 0, 255, 42}, 40),
		bytes.Repeat([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9}, 60),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &byteSource{data: data}
		steps := len(data)/8 + 1
		if steps > 300 {
			steps = 300
		}
		runModelFrom(t, rand.New(src), steps, map[Code]int{})
	})
}
