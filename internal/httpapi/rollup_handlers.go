package httpapi

import "net/http"

// rollups answers GET /api/v1/rollups/{gu|dong}?quarter=&industry=.
func (a *API) rollups(w http.ResponseWriter, r *http.Request) {
	level := r.PathValue("level")
	res, err := a.analysis.Rollups(r.Context(), level, query(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"level": level, "rollups": res})
}
