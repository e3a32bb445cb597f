package httpapi

import "net/http"

// datasets answers GET /api/v1/datasets: every dataset with its live rows and
// quarters and all its releases.
func (a *API) datasets(w http.ResponseWriter, r *http.Request) {
	ds, err := a.db.Datasets(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}
