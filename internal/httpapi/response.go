package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/analysis"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// writeJSON writes v as the JSON response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

const jsonType = "application/json; charset=utf-8"

// encodeJSON encodes v as writeJSON does.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeError writes the API's error form {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
}

// fail answers an error from the store: not found is 404 with its message;
// anything else is logged and answered 500 without internals.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", err.Error())
		return
	}
	if errors.Is(err, analysis.ErrInvalidGeometry) {
		writeError(w, http.StatusUnprocessableEntity, "invalid_geometry", strings.TrimPrefix(err.Error(), analysis.ErrInvalidGeometry.Error()+": "))
		return
	}
	if errors.Is(err, store.ErrReservedID) {
		badRequest(w, err.Error())
		return
	}
	if errors.Is(err, store.ErrAccountTaken) {
		writeError(w, http.StatusConflict, "account_taken", err.Error())
		return
	}
	if errors.Is(err, store.ErrConflict) {
		writeError(w, http.StatusConflict, "conflict", err.Error())
		return
	}
	if errors.Is(err, analysis.ErrInvalid) {
		badRequest(w, strings.TrimPrefix(err.Error(), analysis.ErrInvalid.Error()+": "))
		return
	}
	if errors.Is(err, store.ErrLedgerHeld) || errors.Is(err, store.ErrLedgerClosed) {
		writeError(w, http.StatusServiceUnavailable, "ledger_unavailable", "the ledger cannot be written now: "+err.Error())
		return
	}
	if r.Context().Err() != nil {
		return // the client went away
	}
	a.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "internal error")
}

func badRequest(w http.ResponseWriter, message string) {
	writeError(w, http.StatusBadRequest, "bad_request", message)
}

// badParameter refuses a query parameter the API does not know the value
// of, or cannot read.
func badParameter(w http.ResponseWriter, message string) {
	writeError(w, http.StatusBadRequest, "bad_parameter", message)
}
