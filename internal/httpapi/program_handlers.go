package httpapi

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// programFail answers an error of a program write: a rule's refusal is 422
// with its code (a malformed value, code invalid, is 400 bad_request), a
// ledger refusal 422 with the ledger's code, a reused id 409 id_conflict, a
// write the program does not allow 422 invalid; anything else as fail.
func (a *API) programFail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *program.Error
	var ref *ledger.Refusal
	switch {
	case errors.As(err, &pe) && pe.Code == program.CodeInvalid:
		badRequest(w, pe.Message)
	case errors.As(err, &pe):
		writeError(w, http.StatusUnprocessableEntity, pe.Code, pe.Message)
	case errors.Is(err, store.ErrIDConflict):
		writeError(w, http.StatusConflict, "id_conflict", err.Error())
	case errors.As(err, &ref) && ref.Code == ledger.IDConflict:
		writeError(w, http.StatusConflict, "id_conflict", ref.Message)
	case errors.As(err, &ref):
		writeError(w, http.StatusUnprocessableEntity, string(ref.Code), ref.Message)
	case errors.Is(err, store.ErrInvalidProgram):
		writeError(w, http.StatusUnprocessableEntity, "invalid", strings.TrimPrefix(err.Error(), store.ErrInvalidProgram.Error()+": "))
	default:
		a.fail(w, r, err)
	}
}

// writeOp answers a program write: 201 with its answer, 200 with the
// first answer when it was a replay.
func writeOp(w http.ResponseWriter, res store.OpResult) {
	status := http.StatusCreated
	if res.Replay {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(res.Answer, '\n'))
}

// programWrite is the shape of a program write: the program loaded with
// act checked on its operators, the JSON body decoded into a B, op run, and
// its answer written by writeOp (a refusal by programFail).
func programWrite[B any](a *API, w http.ResponseWriter, r *http.Request, act auth.Action, op func(p *store.Program, body B) (store.OpResult, error)) {
	p, ok := a.loadProgram(w, r, act)
	if !ok {
		return
	}
	var body B
	if !decodeBody(w, r, &body) {
		return
	}
	res, err := op(p, body)
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeOp(w, res)
}

// opID is the body of a program write that names only its client id.
type opID struct {
	ID string `json:"id"`
}

// kitsBody is the body of a kit order or donation.
type kitsBody struct {
	ID       string `json:"id"`
	Merchant string `json:"merchant"`
	Date     string `json:"date"`
	Quantity int    `json:"quantity"`
}

// writeRaw answers JSON already encoded.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// loadProgram reads the path's program and checks that the principal may
// act on it (act against its operators); false once answered.
func (a *API) loadProgram(w http.ResponseWriter, r *http.Request, act auth.Action) (*store.Program, bool) {
	if !a.signedIn(w, r) {
		return nil, false
	}
	p, err := a.db.Program(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return nil, false
	}
	if !a.authorize(w, r, act, p.OperatorOrgs()...) {
		return nil, false
	}
	return p, true
}

// createProgram defines a program (a manager of one of its operators).
func (a *API) createProgram(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	var body struct {
		ID        string             `json:"id"`
		Kind      string             `json:"kind"`
		Name      string             `json:"name"`
		Operators []program.Operator `json:"operators"`
		Budget    int64              `json:"budget"`
		Starts    string             `json:"starts"`
		Ends      string             `json:"ends"`
		Public    bool               `json:"public"`
		program.Terms
	}
	if !decodeBody(w, r, &body) {
		return
	}
	p := &store.Program{ID: body.ID, Kind: body.Kind, Name: strings.TrimSpace(body.Name), Operators: body.Operators,
		Budget: body.Budget, Starts: body.Starts, Ends: body.Ends, Public: body.Public, Terms: body.Terms}
	if p.Name == "" || len([]rune(p.Name)) > 200 {
		badRequest(w, "name: want 1–200 characters")
		return
	}
	if p.Budget <= 0 || p.Budget > ledger.MaxAmount {
		badRequest(w, "budget: want a positive number of won")
		return
	}
	if _, err := p.Definition(); err != nil {
		a.programFail(w, r, err)
		return
	}
	if !a.authorize(w, r, auth.ProgramCreate, p.OperatorOrgs()...) {
		return
	}
	if err := a.db.CreateProgram(r.Context(), p, stateOf(r).principal.UserID); err != nil {
		a.programFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"program": p})
}

// programs lists the programs to a signed-in user.
func (a *API) programs(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.ProgramRead) {
		return
	}
	ps, err := a.db.Programs(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"programs": ps})
}

// program answers a program's terms and cohort, with why each merchant
// was chosen, to a signed-in user.
func (a *API) program(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	cohort, err := a.db.Cohort(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"program": p, "cohort": cohort})
}

// fundProgram commits an operator's money to the budget (its manager).
func (a *API) fundProgram(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	var body struct {
		ID       string `json:"id"`
		Amount   int64  `json:"amount"`
		Operator string `json:"operator"` // the first operator if ""
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.Operator == "" {
		body.Operator = p.Operators[0].Org
	}
	if !a.authorize(w, r, auth.ProgramManage, body.Operator) {
		return
	}
	res, err := a.db.Fund(r.Context(), p.ID, body.ID, body.Operator, body.Amount, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeOp(w, res)
}

// addMerchants adds merchants to the cohort (a manager of an operator),
// recording the targeting's reasons for each as they stand now.
func (a *API) addMerchants(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramManage)
	if !ok {
		return
	}
	var body struct {
		Merchants  []string       `json:"merchants"`
		Capacities map[string]int `json:"capacities"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if len(body.Merchants) == 0 || len(body.Merchants) > 10000 {
		badRequest(w, "merchants: want 1–10,000 organisation ids")
		return
	}
	choices := make([]store.Choice, len(body.Merchants))
	for i, m := range body.Merchants {
		choices[i] = store.Choice{Org: m, Capacity: body.Capacities[m]}
	}
	if err := a.reasonsFor(r, choices); err != nil {
		a.programFail(w, r, err)
		return
	}
	cohort, err := a.db.AddMerchants(r.Context(), p.ID, choices)
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"cohort": cohort})
}

// prepay prepays the cohort, all or none (a manager of an operator).
func (a *API) prepay(w http.ResponseWriter, r *http.Request) {
	programWrite(a, w, r, auth.ProgramManage, func(p *store.Program, body opID) (store.OpResult, error) {
		return a.db.Prepay(r.Context(), p.ID, body.ID, a.meta(r))
	})
}

// closeBalances runs the unused-balance rule after redeem_until (a
// manager of an operator).
func (a *API) closeBalances(w http.ResponseWriter, r *http.Request) {
	programWrite(a, w, r, auth.ProgramManage, func(p *store.Program, body opID) (store.OpResult, error) {
		return a.db.CloseBalances(r.Context(), p.ID, body.ID, a.meta(r))
	})
}

// redeem records a redemption of prepaid meals by the merchant's own user.
func (a *API) redeem(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	var body struct {
		ID       string `json:"id"`
		Merchant string `json:"merchant"`
		Amount   int64  `json:"amount"`
		Employee string `json:"employee"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.Merchant == "" || len(body.Employee) > 64 {
		badRequest(w, "merchant: required; employee: at most 64 bytes (the code the employee shows)")
		return
	}
	if !a.authorize(w, r, auth.ProgramRedeem, body.Merchant) {
		return
	}
	res, err := a.db.Redeem(r.Context(), p.ID, body.ID, body.Merchant, body.Amount, body.Employee, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeOp(w, res)
}

// programReport answers the report, as JSON or, with ?format=csv or
// Accept: text/csv, as CSV, to the operators' managers and staff and
// auditors.
func (a *API) programReport(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramReport)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" && strings.Contains(r.Header.Get("Accept"), "text/csv") {
		format = "csv"
	}
	if format != "" && format != "csv" && format != "json" {
		badParameter(w, "format: want json or csv")
		return
	}
	// Orders of past days not picked up are void before anything is counted.
	if err := a.db.ExpireKits(r.Context(), p.ID, a.meta(r)); err != nil {
		a.fail(w, r, err)
		return
	}
	rep, err := a.db.ProgramReport(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if format != "csv" {
		writeJSON(w, http.StatusOK, rep)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+p.ID+`-report.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"org", "name", "prepaid", "redeemed", "balance", "orders", "kits", "donated", "lunchboxes", "earned", "refunded", "payable", "settled", "owed"})
	var tot store.MerchantFigures
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, m := range rep.Merchants {
		cw.Write([]string{m.Org, m.Name, n(m.Prepaid), n(m.Redeemed), n(m.Balance), strconv.Itoa(m.Orders), strconv.Itoa(m.Kits),
			strconv.Itoa(m.Donated), strconv.Itoa(m.Lunchboxes), n(m.Earned), n(m.Refunded), n(m.Payable), n(m.Settled), n(m.Owed)})
		tot.Prepaid += m.Prepaid
		tot.Redeemed += m.Redeemed
		tot.Balance += m.Balance
		tot.Orders += m.Orders
		tot.Kits += m.Kits
		tot.Donated += m.Donated
		tot.Lunchboxes += m.Lunchboxes
		tot.Earned += m.Earned
		tot.Refunded += m.Refunded
		tot.Payable += m.Payable
		tot.Settled += m.Settled
		tot.Owed += m.Owed
	}
	cw.Write([]string{"", "합계", n(tot.Prepaid), n(tot.Redeemed), n(tot.Balance), strconv.Itoa(tot.Orders), strconv.Itoa(tot.Kits),
		strconv.Itoa(tot.Donated), strconv.Itoa(tot.Lunchboxes), n(tot.Earned), n(tot.Refunded), n(tot.Payable), n(tot.Settled), n(tot.Owed)})
	cw.Write([]string{"", "예산 budget", n(rep.Budget)})
	cw.Write([]string{"", "출연 funded", n(rep.Funded)})
	cw.Write([]string{"", "약정 committed", n(rep.Committed)})
	cw.Write([]string{"", "집행 spent", n(rep.Spent)})
	cw.Write([]string{"", "잔액 remaining", n(rep.Remaining)})
	cw.Flush()
}
