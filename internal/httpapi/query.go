package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// badQuery checks the query string of every request in one place: it must
// parse, and every parameter's name and value must be UTF-8, so that no
// handler hands the engine bytes it cannot compare. It returns the reason
// for a 400 naming the parameter, or "" when the query is fine.
func badQuery(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return ""
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "query string is not well-formed: " + err.Error()
	}
	for name, values := range q {
		if !utf8.ValidString(name) {
			return "query parameter " + strconv.QuoteToASCII(name) + " is not UTF-8"
		}
		for _, v := range values {
			if !utf8.ValidString(v) {
				return "query parameter " + name + " is not UTF-8: " + strconv.QuoteToASCII(v)
			}
		}
	}
	return ""
}
