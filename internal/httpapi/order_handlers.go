package httpapi

import (
	"net/http"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/auth"
)

// placeOrder orders meal kits for the signed-in employee (staff or a
// manager of an operator): 201 {"order"}, 422 quota_exceeded,
// cutoff_passed, program_closed or exceeds_credits.
func (a *API) placeOrder(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramOrder)
	if !ok {
		return
	}
	var body struct {
		ID       string `json:"id"`
		Merchant string `json:"merchant"`
		Date     string `json:"date"`
		Quantity int    `json:"quantity"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	res, err := a.db.PlaceOrder(r.Context(), p.ID, body.ID, body.Merchant, body.Date, body.Quantity, stateOf(r).principal.UserID, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeOp(w, res)
}

// cancelOrder cancels an order before its day's cut-off: the employee who
// placed it, or a manager of an operator.
func (a *API) cancelOrder(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramOrder)
	if !ok {
		return
	}
	o, err := a.db.KitOrder(r.Context(), p.ID, r.PathValue("order"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if o.Employee != stateOf(r).principal.UserID && !a.authorize(w, r, auth.ProgramManage, p.OperatorOrgs()...) {
		return
	}
	ans, err := a.db.CancelOrder(r.Context(), p.ID, o.ID, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeRaw(w, http.StatusOK, ans)
}

// pickUp marks an order picked up: the merchant's own user.
func (a *API) pickUp(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	o, err := a.db.KitOrder(r.Context(), p.ID, r.PathValue("order"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if !a.authorize(w, r, auth.ProgramRedeem, o.Merchant) {
		return
	}
	ans, err := a.db.PickUp(r.Context(), p.ID, o.ID, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeRaw(w, http.StatusOK, ans)
}

// orderLunchboxes places a lunchbox program's order for a day (a manager or
// staff of an operator).
func (a *API) orderLunchboxes(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramOrder)
	if !ok {
		return
	}
	var body struct {
		ID   string `json:"id"`
		Date string `json:"date"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	res, err := a.db.OrderLunchboxes(r.Context(), p.ID, body.ID, body.Date, a.meta(r))
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeOp(w, res)
}

// sheet answers a merchant's order sheet for ?date= (lunchboxes and kit
// orders): to the merchant's users and the operators' managers and staff.
func (a *API) sheet(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	merchant := r.PathValue("org")
	if !a.authorize(w, r, auth.ProgramSheet, slices.Concat(p.OperatorOrgs(), []string{merchant})...) {
		return
	}
	date := r.URL.Query().Get("date")
	if date == "" {
		badParameter(w, "date: required, YYYY-MM-DD")
		return
	}
	s, err := a.db.MerchantSheet(r.Context(), p.ID, merchant, date)
	if err != nil {
		a.programFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sheet": s})
}
