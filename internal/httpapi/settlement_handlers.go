package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/payfile"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// settle closes a period: what the operators owe each merchant, payable
// until confirmed (a manager of an operator).
func (a *API) settle(w http.ResponseWriter, r *http.Request) {
	type settleBody struct {
		ID    string `json:"id"`
		Until string `json:"until"`
	}
	programWrite(a, w, r, auth.ProgramManage, func(p *store.Program, b settleBody) (store.OpResult, error) {
		return a.db.Settle(r.Context(), p.ID, b.ID, b.Until, a.meta(r))
	})
}

// confirmSettlement records that the principal's operators paid their
// lines of a settlement (a manager confirms the operators it manages, an
// admin every operator); the settlement is paid when every operator has.
func (a *API) confirmSettlement(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramManage)
	if !ok {
		return
	}
	ops := []string{}
	for _, o := range p.OperatorOrgs() {
		if may(r, auth.ProgramManage, o) {
			ops = append(ops, o)
		}
	}
	ans, err := a.db.ConfirmSettlement(r.Context(), p.ID, r.PathValue("s"), ops, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeRaw(w, http.StatusOK, ans)
}

// settlements lists a program's settlements with their lines (what its
// report may read: the operators' managers and staff, auditors).
func (a *API) settlements(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramReport)
	if !ok {
		return
	}
	ss, err := a.db.Settlements(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"settlements": ss})
}

// paymentFile answers a settlement's payment file, one line per merchant
// and operator (?operator= keeps one operator's), in ?encoding=utf-8 (the
// default) or cp949. A merchant without bank details is 422
// missing_payee, naming it.
func (a *API) paymentFile(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramReport)
	if !ok {
		return
	}
	enc, err := payfile.ParseEncoding(r.URL.Query().Get("encoding"))
	if err != nil {
		badParameter(w, err.Error())
		return
	}
	s, err := a.db.Settlement(r.Context(), p.ID, r.PathValue("s"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	only := r.URL.Query().Get("operator")
	var pays []payfile.Payment
	for _, l := range s.Lines {
		if only != "" && l.Operator != only {
			continue
		}
		payee, err := a.db.Payee(r.Context(), l.Merchant)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusUnprocessableEntity, "missing_payee", "merchant "+l.Merchant+" has no bank details (PUT /api/v1/orgs/{id}/payee)")
			return
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		pays = append(pays, payfile.Payment{Bank: payee.Bank, Account: payee.Account, Holder: payee.Holder, Amount: l.Amount,
			Memo: p.Name + " 정산 " + s.ID + " (" + l.Operator + ")"})
	}
	var buf bytes.Buffer
	if err := payfile.Write(&buf, pays, enc); err != nil {
		writeError(w, http.StatusUnprocessableEntity, "invalid_payee", err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset="+enc.Charset())
	w.Header().Set("Content-Disposition", `attachment; filename="`+p.ID+`-`+s.ID+`.csv"`)
	w.Write(buf.Bytes())
}

// setPayee stores an organisation's bank details (its manager, merchant or
// supplier, or admin). They travel only in bodies and payment files.
func (a *API) setPayee(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("id")
	if !a.authorize(w, r, auth.PayeeSet, org) {
		return
	}
	var body store.Payee
	if !decodeBody(w, r, &body) {
		return
	}
	body.Bank, body.Account, body.Holder = strings.TrimSpace(body.Bank), strings.TrimSpace(body.Account), strings.TrimSpace(body.Holder)
	for _, f := range []struct{ name, v string }{{"bank", body.Bank}, {"account", body.Account}, {"holder", body.Holder}} {
		if f.v == "" || utf8.RuneCountInString(f.v) > 100 {
			badRequest(w, f.name+": want 1–100 characters")
			return
		}
	}
	if err := payfile.CheckPayee(body.Bank, body.Account, body.Holder); err != nil {
		badRequest(w, err.Error())
		return
	}
	if err := a.db.SetPayee(r.Context(), org, body); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"payee": body})
}
