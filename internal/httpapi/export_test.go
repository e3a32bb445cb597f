package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
)

// QuarterReportBody is the quarter answer as the handler wrote it before
// the rendered-parts cache: the rows through the analysis service's row
// cache, shaped by quarterReport, written by writeJSON.
func QuarterReportBody(a *API, ctx context.Context, code, quarter string) ([]byte, error) {
	rep, err := a.analysis.QuarterRows(ctx, quarterDatasets, code, quarter)
	if err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	writeJSON(rec, http.StatusOK, quarterReport(rep.District, quarter, rep.Rows))
	return rec.Body.Bytes(), nil
}
