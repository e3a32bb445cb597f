package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// query reads the quarter and industry parameters every analysis takes.
func query(r *http.Request) analysis.Query {
	return analysis.Query{Quarter: r.URL.Query().Get("quarter"), Industry: r.URL.Query().Get("industry")}
}

// intParam reads an optional integer parameter; ok is false (and a 400 has
// been written) when it is not a number.
func intParam(w http.ResponseWriter, r *http.Request, name string) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		badRequest(w, name+" must be a whole number, got "+strconv.Quote(v))
		return 0, false
	}
	return n, true
}

func validCode(w http.ResponseWriter, code string) bool {
	if !seoul.ValidCode(code) {
		badRequest(w, "district code must be 7 digits of the current code set, e.g. 3110001")
		return false
	}
	return true
}

// indicators answers GET /api/v1/districts/{code}/indicators?quarter=&industry=.
func (a *API) indicators(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(w, code) {
		return
	}
	res, err := a.analysis.Indicators(r.Context(), code, query(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// similar answers GET /api/v1/districts/{code}/similar?quarter=&k=.
func (a *API) similar(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(w, code) {
		return
	}
	k, ok := intParam(w, r, "k")
	if !ok {
		return
	}
	q := query(r)
	twins, err := a.analysis.Similar(r.Context(), code, q, k)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"code": code, "similar": twins})
}

// compare answers GET /api/v1/compare?codes=a,b,c,d&quarter=&industry=.
func (a *API) compare(w http.ResponseWriter, r *http.Request) {
	codes := strings.Split(r.URL.Query().Get("codes"), ",")
	for _, c := range codes {
		if !validCode(w, c) {
			return
		}
	}
	res, err := a.analysis.Compare(r.Context(), codes, query(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"districts": res})
}
