package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/earlypay"
	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/payfile"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// createEarlyPayment sets up an operator's early-payment run (its
// manager), with the operator's suppliers as its books know them: SME
// certificate and account.
func (a *API) createEarlyPayment(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	var body struct {
		ID         string           `json:"id"`
		Operator   string           `json:"operator"`
		Name       string           `json:"name"`
		PayDate    string           `json:"pay_date"`
		WithinDays int              `json:"within_days"`
		Budget     int64            `json:"budget"`
		Mode       earlypay.Mode    `json:"mode"`
		APRBP      int64            `json:"apr_bp"`
		Suppliers  []store.Supplier `json:"suppliers"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.ID != "" {
		if err := store.ValidSlug(body.ID); err != nil || len(body.ID) > maxProgramID {
			badRequest(w, fmt.Sprintf("id %q: want 1–%d characters of a-z, 0-9, _ and -", body.ID, maxProgramID))
			return
		}
	}
	name := strings.TrimSpace(body.Name)
	payDate, dateErr := time.Parse(time.DateOnly, body.PayDate)
	switch {
	case body.Operator == "":
		badRequest(w, "operator: required")
		return
	case name == "" || utf8.RuneCountInString(name) > 200:
		badRequest(w, "name: want 1–200 characters")
		return
	case dateErr != nil:
		badRequest(w, "pay_date: want a date, YYYY-MM-DD")
		return
	case body.WithinDays < 1 || body.WithinDays > 366:
		badRequest(w, "within_days: want 1–366")
		return
	case body.Budget < 0 || body.Budget > 1e15:
		badRequest(w, "budget: want 0 to 10^15 won")
		return
	case body.Mode == earlypay.ModeSangsaeng && body.APRBP != 0:
		badRequest(w, "apr_bp: only for mode discount")
		return
	case body.Mode == earlypay.ModeDiscount && (body.APRBP < 1 || body.APRBP > 10_000):
		badRequest(w, "apr_bp: want 1–10,000 basis points (1,200 = 12%)")
		return
	case body.Mode != earlypay.ModeSangsaeng && body.Mode != earlypay.ModeDiscount:
		badRequest(w, "mode: want sangsaeng or discount")
		return
	case len(body.Suppliers) > 100_000:
		badRequest(w, "suppliers: at most 100,000")
		return
	}
	seen := map[string]bool{}
	for i := range body.Suppliers {
		s := &body.Suppliers[i]
		bn, err := auth.BusinessNo(s.BusinessNo)
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, "invalid_business_no", fmt.Sprintf("suppliers[%d]: %v", i, err))
			return
		}
		if seen[bn] {
			badRequest(w, fmt.Sprintf("suppliers[%d]: %s listed twice", i, bn))
			return
		}
		seen[bn] = true
		s.BusinessNo = bn
		for _, f := range []struct{ name, v string }{{"name", s.Name}, {"sme_cert", s.SMECert}, {"bank", s.Bank}, {"account", s.AccountNo}, {"holder", s.Holder}} {
			if utf8.RuneCountInString(f.v) > 200 {
				badRequest(w, fmt.Sprintf("suppliers[%d].%s: at most 200 characters", i, f.name))
				return
			}
		}
		if err := payfile.CheckPayee(s.Bank, s.AccountNo, s.Holder); err != nil {
			badRequest(w, fmt.Sprintf("suppliers[%d]: %v", i, err))
			return
		}
	}
	if !a.authorize(w, r, auth.EarlyPayCreate, body.Operator) {
		return
	}
	if _, err := a.db.Org(r.Context(), body.Operator); err != nil {
		a.fail(w, r, err)
		return
	}
	p := &store.EarlyPayment{ID: body.ID, Operator: body.Operator, Name: name, PayDate: payDate, WithinDays: body.WithinDays,
		Budget: body.Budget, Mode: body.Mode, APRBP: body.APRBP}
	if err := a.db.CreateEarlyPayment(r.Context(), p, body.Suppliers); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"early_payment": p})
}

// loadEarlyPayment reads the run of the path and checks act on its
// operator, answering itself.
func (a *API) loadEarlyPayment(w http.ResponseWriter, r *http.Request, act auth.Action) (*store.EarlyPayment, bool) {
	if !a.signedIn(w, r) {
		return nil, false
	}
	p, err := a.db.EarlyPayment(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return nil, false
	}
	if !a.authorize(w, r, act, p.Operator) {
		return nil, false
	}
	return p, true
}

// earlyPayments lists the runs the principal may read: an operator's to
// its managers and staff, every one to auditors and admins; none (an empty
// list) to other signed-in users.
func (a *API) earlyPayments(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	all, err := a.db.EarlyPayments(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := []store.EarlyPayment{}
	for _, p := range all {
		if may(r, auth.EarlyPayRead, p.Operator) {
			out = append(out, p)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"early_payments": out})
}

// earlyPayment answers a run's terms and state.
func (a *API) earlyPayment(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadEarlyPayment(w, r, auth.EarlyPayRead)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"early_payment": p})
}

// maxInvoiceFile bounds an invoice file (20,000 invoices are about 1 MB).
const maxInvoiceFile = 32 << 20

// importInvoices adds a CSV of invoices (UTF-8 or CP949) to the operator's
// books: one bad row and nothing of the file is stored (422 naming every
// bad line and column); an invoice already imported is skipped and
// counted. 201 when something was imported, 200 when nothing was new.
func (a *API) importInvoices(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadEarlyPayment(w, r, auth.EarlyPayCreate)
	if !ok {
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInvoiceFile))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the file: at most %d bytes", maxInvoiceFile))
		return
	}
	invs, enc, err := earlypay.Parse(data)
	var rows earlypay.Errors
	if errors.As(err, &rows) {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
			"code": "invalid_file", "message": fmt.Sprintf("%d bad rows, nothing imported: %s", len(rows), rows.Error()), "rows": rowErrors(rows)}})
		return
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "invalid_file", err.Error())
		return
	}
	imported, already, err := a.db.ImportInvoices(r.Context(), p.Operator, p.ID, invs)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if imported == 0 {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]any{"imported": imported, "already": already, "encoding": enc})
}

type rowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

func rowErrors(es earlypay.Errors) []rowError {
	out := make([]rowError, len(es))
	for i, e := range es {
		out[i] = rowError{e.Line, e.Column, e.Message}
	}
	return out
}

// Ledger ids of a run: what the operator owes on the invoices (debited by
// their face amount), the bank (credited by the cash paid) and the
// discount earned (credited).
func runPayable(id string) string  { return "ep-" + id + "-payable" }
func runBank(id string) string     { return "ep-" + id + "-bank" }
func runDiscount(id string) string { return "ep-" + id + "-discount" }

// runTransfers are a run's ledger transfers, one pair per supplier paid,
// suppliers in business-number order (the payment file's lines): for the
// k-th, its cash (ep-ID-k-cash) and its discount (ep-ID-k-disc, when not 0).
func runTransfers(id string, rep *earlypay.Report) []ledger.Transfer {
	type sums struct {
		n              int
		cash, discount int64
	}
	by := map[string]*sums{}
	var bns []string
	for _, p := range rep.Payments {
		s, ok := by[p.SupplierBusinessNo]
		if !ok {
			s = &sums{}
			by[p.SupplierBusinessNo] = s
			bns = append(bns, p.SupplierBusinessNo)
		}
		s.n++
		s.cash += p.Cash
		s.discount += p.Discount
	}
	slices.Sort(bns)
	var out []ledger.Transfer
	for k, bn := range bns {
		s := by[bn]
		memo := fmt.Sprintf("조기지급 %s %d건", bn, s.n)
		if s.cash > 0 {
			out = append(out, ledger.Transfer{ID: fmt.Sprintf("ep-%s-%d-cash", id, k+1), DebitAccount: runPayable(id), CreditAccount: runBank(id), Amount: s.cash, Memo: memo})
		}
		if s.discount > 0 {
			out = append(out, ledger.Transfer{ID: fmt.Sprintf("ep-%s-%d-disc", id, k+1), DebitAccount: runPayable(id), CreditAccount: runDiscount(id), Amount: s.discount, Memo: memo + " 할인"})
		}
	}
	return out
}

// runEarlyPayment executes the run once, under the client's id: it
// chooses the invoices under the budget (earlypay.Run), records them as
// paid, and writes the ledger transfers of every paid invoice in one batch
// (all or none). Asked again with the same id it answers the same report
// (200), finishing a run interrupted before its ledger batch; with another
// id, 409 already_run.
func (a *API) runEarlyPayment(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadEarlyPayment(w, r, auth.EarlyPayCreate)
	if !ok {
		return
	}
	var body struct {
		ID string `json:"id"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.ID == "" || len(body.ID) > 64 {
		badRequest(w, "id: the execution's idempotency key, 1–64 characters")
		return
	}
	status := http.StatusOK
	var doc json.RawMessage // the new report's JSON, as stored
	switch {
	case p.State == "open":
		invs, err := a.db.OpenInvoices(r.Context(), p.Operator)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		rep, err := earlypay.Run(invs, p.Params())
		if err != nil {
			a.fail(w, r, err)
			return
		}
		doc, err = a.db.PlanEarlyPayment(r.Context(), p.ID, body.ID, p.Operator, rep)
		for try := 1; errors.Is(err, store.ErrFinal) || errors.Is(err, store.ErrBusy); try++ {
			// Another request planned it first: a replay if under this id
			// (once that request has committed).
			if p, err = a.db.EarlyPayment(r.Context(), p.ID); err != nil {
				break
			}
			if p.State == "open" && try < 20 {
				time.Sleep(time.Duration(try) * 10 * time.Millisecond)
				err = store.ErrBusy
				continue
			}
			if p.RunKey != body.ID {
				writeError(w, http.StatusConflict, "already_run", "the run was executed under another id, or an invoice was paid meanwhile by another run")
				return
			}
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if p.State == "open" {
			p.Report, p.State, p.RunKey, status = &rep, "planned", body.ID, http.StatusCreated
		}
	case p.RunKey != body.ID:
		writeError(w, http.StatusConflict, "already_run", "the run was executed under another id")
		return
	}
	if p.State == "planned" {
		if err := a.ensureAccounts(r, p.Operator, map[string]string{runPayable(p.ID): "조기지급 미지급금 " + p.ID,
			runBank(p.ID): "조기지급 은행 " + p.ID, runDiscount(p.ID): "조기지급 할인 " + p.ID}); err != nil {
			a.fail(w, r, err)
			return
		}
		if batch := runTransfers(p.ID, p.Report); len(batch) > 0 {
			if _, err := a.db.ProgramTransfers(r.Context(), batch, a.plainMeta(r)); err != nil {
				a.fail(w, r, err)
				return
			}
		}
		if err := a.db.FinishEarlyPayment(r.Context(), p.ID); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	if doc != nil {
		writeJSON(w, status, map[string]any{"id": body.ID, "report": doc})
		return
	}
	writeJSON(w, status, map[string]any{"id": body.ID, "report": p.Report})
}

// earlyPaymentReport answers what the run paid, beside the sums of its
// ledger accounts (equal to the won).
func (a *API) earlyPaymentReport(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadEarlyPayment(w, r, auth.EarlyPayRead)
	if !ok {
		return
	}
	if p.State != "paid" {
		writeError(w, http.StatusConflict, "not_run", "the run has not been executed")
		return
	}
	var sums [3]int64
	for i, id := range []string{runPayable(p.ID), runBank(p.ID), runDiscount(p.ID)} {
		acct, err := a.db.Account(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			continue // nothing was paid
		}
		if err != nil {
			a.fail(w, r, err)
			return
		}
		sums[i] = acct.DebitsPosted + acct.CreditsPosted
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": p.RunKey, "report": p.Report,
		"ledger": map[string]int64{"total": sums[0], "cash": sums[1], "discount": sums[2]}})
}

// earlyPaymentFile answers the bank file of a paid run: one line per supplier,
// the cash of its invoices, into the account the operator's books give;
// ?encoding=utf-8 (the default) or cp949.
func (a *API) earlyPaymentFile(w http.ResponseWriter, r *http.Request) {
	enc, err := payfile.ParseEncoding(r.URL.Query().Get("encoding"))
	if err != nil {
		badParameter(w, err.Error())
		return
	}
	p, ok := a.loadEarlyPayment(w, r, auth.EarlyPayRead)
	if !ok {
		return
	}
	if p.State != "paid" {
		writeError(w, http.StatusConflict, "not_run", "the run has not been executed")
		return
	}
	paid, err := a.db.PaidInvoices(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var lines []payfile.Payment
	count := 0
	for i, inv := range paid {
		if i == 0 || inv.SupplierBusinessNo != paid[i-1].SupplierBusinessNo {
			lines = append(lines, payfile.Payment{Bank: inv.Supplier.Bank, Account: inv.Supplier.AccountNo, Holder: inv.Supplier.Holder})
			count = 0
		}
		count++
		l := &lines[len(lines)-1]
		l.Amount += inv.Cash
		l.Memo = "조기지급 " + p.ID + " " + strconv.Itoa(count) + "건"
	}
	var file bytes.Buffer
	if err := payfile.Write(&file, lines, enc); err != nil {
		writeError(w, http.StatusUnprocessableEntity, "invalid_payee", err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset="+enc.Charset())
	w.Header().Set("Content-Disposition", `attachment; filename="payment-`+p.ID+`.csv"`)
	w.WriteHeader(http.StatusOK)
	w.Write(file.Bytes())
}
