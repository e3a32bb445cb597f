package httpapi

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// merchantFigures answers one cohort merchant's line of the program report
// (prepaid, redeemed, balance, kits, lunchboxes, earned, payable, settled:
// every figure from the ledger) to that merchant's users, the operators'
// managers and staff, and auditors: the merchant's page shows its balance
// and settlements without the other merchants' figures. A merchant not in
// the cohort is 404.
func (a *API) merchantFigures(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramRead)
	if !ok {
		return
	}
	merchant := r.PathValue("org")
	if !a.authorize(w, r, auth.ProgramSheet, slices.Concat(p.OperatorOrgs(), []string{merchant})...) {
		return
	}
	rep, err := a.db.ProgramReport(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, m := range rep.Merchants {
		if m.Org == merchant {
			writeJSON(w, http.StatusOK, map[string]any{"program": p.ID, "figures": m})
			return
		}
	}
	a.fail(w, r, fmt.Errorf("merchant %s in program %s: %w", merchant, p.ID, store.ErrNotFound))
}
