package httpapi

import "net/http"

// datasets answers GET /api/v1/datasets: every dataset with its live rows and
// quarters, all its releases (each with what it dropped) and the releases
// live now with the slices each covers.
func (a *API) datasets(w http.ResponseWriter, r *http.Request) {
	ds, err := a.db.Datasets(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}
