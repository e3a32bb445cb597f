package httpapi

import (
	"net/http"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// placeOrder orders meal kits for the signed-in employee (staff or a
// manager of an operator): 201 {"order"}, 422 quota_exceeded,
// cutoff_passed, program_closed or exceeds_credits.
func (a *API) placeOrder(w http.ResponseWriter, r *http.Request) {
	programWrite(a, w, r, auth.ProgramOrder, func(p *store.Program, b kitsBody) (store.OpResult, error) {
		return a.db.PlaceOrder(r.Context(), p.ID, b.ID, b.Merchant, b.Date, b.Quantity, stateOf(r).principal.UserID, a.meta(r))
	})
}

// donate buys kits at the full price to donate (a manager of an operator).
func (a *API) donate(w http.ResponseWriter, r *http.Request) {
	programWrite(a, w, r, auth.ProgramManage, func(p *store.Program, b kitsBody) (store.OpResult, error) {
		return a.db.Donate(r.Context(), p.ID, b.ID, b.Merchant, b.Date, b.Quantity, a.meta(r))
	})
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
	type lunchboxesBody struct {
		ID   string `json:"id"`
		Date string `json:"date"`
	}
	programWrite(a, w, r, auth.ProgramOrder, func(p *store.Program, b lunchboxesBody) (store.OpResult, error) {
		return a.db.OrderLunchboxes(r.Context(), p.ID, b.ID, b.Date, a.meta(r))
	})
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

// orders lists a meal-kit program's orders, of ?date= and ?merchant= if
// given: all of them to the operators' managers and auditors, a merchant's
// to its users, and to anyone else signed in (staff) their own.
func (a *API) orders(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	f := store.OrderFilter{Date: r.URL.Query().Get("date"), Merchant: r.URL.Query().Get("merchant")}
	if f.Date != "" {
		d, err := program.ParseDate(f.Date)
		if err != nil {
			badParameter(w, "date: want YYYY-MM-DD")
			return
		}
		f.Date = d.String()
	}
	pr := stateOf(r).principal
	switch {
	case auth.Authorize(pr, auth.ProgramManage, p.OperatorOrgs()...) == nil, auth.Authorize(pr, auth.ProgramReport) == nil:
	case f.Merchant != "" && auth.Authorize(pr, auth.ProgramRedeem, f.Merchant) == nil:
	default:
		f.Employee = pr.UserID
	}
	os, err := a.db.KitOrders(r.Context(), p.ID, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": os})
}

// merchantFigures answers one cohort merchant's line of the report (its
// prepaid balance, kits, lunchboxes, what it is owed and was paid) to its
// users, the operators' managers and staff, and auditors.
func (a *API) merchantFigures(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	org := r.PathValue("org")
	if !a.authorize(w, r, auth.ProgramSheet, slices.Concat(p.OperatorOrgs(), []string{org})...) {
		return
	}
	if err := a.db.ExpireKits(r.Context(), p.ID, a.meta(r)); err != nil {
		a.fail(w, r, err)
		return
	}
	rep, err := a.db.ProgramReport(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, m := range rep.Merchants {
		if m.Org == org {
			writeJSON(w, http.StatusOK, map[string]any{"program": p.ID, "merchant": m})
			return
		}
	}
	writeError(w, http.StatusNotFound, "not_found", "merchant "+org+" is not in the cohort of program "+p.ID)
}
