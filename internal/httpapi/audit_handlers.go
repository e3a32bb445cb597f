package httpapi

import (
	"net/http"

	"github.com/sangsaeng/sangsaeng/internal/auth"
)

// auditLog lists the audit log, oldest first, after the id after (0), up to
// limit (100, at most 1000), to admin and auditors.
func (a *API) auditLog(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.AuditRead) {
		return
	}
	after, err := queryInt(r, "after", 0, 0, 1<<62)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	limit, err := queryInt(r, "limit", 100, 1, 1000)
	if err != nil {
		badRequest(w, err.Error())
		return
	}
	entries, err := a.db.AuditLog(r.Context(), after, int(limit))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var next *int64
	if len(entries) == int(limit) {
		next = &entries[len(entries)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entries, "next": next})
}
