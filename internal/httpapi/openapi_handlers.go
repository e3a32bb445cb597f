package httpapi

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3.1 document of the API, kept by hand beside the
// route table: TestOpenAPI checks that it has every route and that the
// answers match it.
//
//go:embed openapi.json
var openAPI []byte

// openapi answers GET /api/v1/openapi.json.
func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
