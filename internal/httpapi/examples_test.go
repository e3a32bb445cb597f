package httpapi_test

import "slices"

// An example is a request to one route of the API and the status it gets:
// over the demo city, or, when it names a principal (as), over a world of
// organisations, users and accounts (newWorld), the examples in order. The
// examples cover every route of the route table, with answers and
// refusals: TestOpenAPI validates each answer against the OpenAPI document,
// and FuzzAPI starts from them.
type example struct {
	route  string // the route table's pattern
	method string
	target string // "{token_id}" stands for the id of the last token made
	body   string
	status int
	// as is who sends it in the world: a principal of newWorld with its
	// Bearer token ("manager"), "session:NAME" signed in with the session
	// cookie and its X-CSRF-Token, "cookie:NAME" with the cookie but no
	// CSRF token, or "nobody" for an anonymous request. "" is the demo city.
	as string
}

// repeat is n copies of ex.
func repeat(n int, ex example) []example {
	out := make([]example, n)
	for i := range out {
		out[i] = ex
	}
	return out
}

var examples = slices.Concat([]example{
	{"GET /healthz", "GET", "/healthz", "", 200, ""},
	{"GET /metrics", "GET", "/metrics", "", 200, ""},
	{"GET /api/v1/openapi.json", "GET", "/api/v1/openapi.json", "", 200, ""},
	{"GET /api/v1/datasets", "GET", "/api/v1/datasets", "", 200, ""},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?type=D", "", 200, ""},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?gu=99999", "", 400, ""},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?q=%FF", "", 400, ""},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/3190001", "", 200, ""},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/3999999", "", 404, ""},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/abc", "", 400, ""},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/20252", "", 200, ""},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/20191", "", 404, ""},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/2025Q1", "", 400, ""},
	{"GET /api/v1/districts/{code}/indicators", "GET", "/api/v1/districts/3190001/indicators?quarter=20252&industry=CS100001", "", 200, ""},
	{"GET /api/v1/districts/{code}/indicators", "GET", "/api/v1/districts/3190001/indicators?industry=chicken", "", 400, ""},
	{"GET /api/v1/districts/{code}/similar", "GET", "/api/v1/districts/3190001/similar?quarter=20252&k=3", "", 200, ""},
	{"GET /api/v1/districts/{code}/similar", "GET", "/api/v1/districts/3190001/similar?k=many", "", 400, ""},
	{"GET /api/v1/districts/{code}/history", "GET", "/api/v1/districts/3190001/history?industry=CS100001", "", 200, ""},
	{"GET /api/v1/districts/{code}/history", "GET", "/api/v1/districts/3999999/history", "", 404, ""},
	{"GET /api/v1/compare", "GET", "/api/v1/compare?codes=3190001,3190002&quarter=20252", "", 200, ""},
	{"GET /api/v1/compare", "GET", "/api/v1/compare", "", 400, ""},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"circle":{"lon":126.98,"lat":37.57,"radius_m":1000},"quarter":"20252"}`, 200, ""},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.56],[126.99,37.58],[126.97,37.58],[126.97,37.56]]]}}`, 200, ""},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.58],[126.99,37.56],[126.97,37.58],[126.97,37.56]]]}}`, 422, ""},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Feature","geometry":null}}`, 400, ""},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&quarter=20252&limit=5", "", 200, ""},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=happiness", "", 400, ""},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&gu=99999", "", 400, ""},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&type=Z", "", 400, ""},
	{"GET /api/v1/hotspots", "GET", "/api/v1/hotspots?indicator=foot_traffic_per_km2&quarter=20252", "", 200, ""},
	{"GET /api/v1/hotspots", "GET", "/api/v1/hotspots?indicator=sales_amount&band_m=far", "", 400, ""},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/gu?quarter=20252", "", 200, ""},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/dong?quarter=20252", "", 200, ""},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/city", "", 400, ""},
	{"GET /api/v1/recommend", "GET", "/api/v1/recommend?industry=CS100001&quarter=20252&limit=3", "", 200, ""},
	{"GET /api/v1/recommend", "GET", "/api/v1/recommend?limit=x", "", 400, ""},
	{"GET /api/v1/catalog", "GET", "/api/v1/catalog", "", 200, ""},
	{"GET /api/v1/map", "GET", "/api/v1/map?indicator=sales_amount&quarter=20252", "", 200, ""},
	{"GET /api/v1/map", "GET", "/api/v1/map?indicator=happiness", "", 400, ""},
	{"GET /api/v1/geometry/districts", "GET", "/api/v1/geometry/districts", "", 200, ""},
	{"GET /api/v1/geometry/gu", "GET", "/api/v1/geometry/gu", "", 200, ""},
	{"GET /docs/indicators.md", "GET", "/docs/indicators.md", "", 200, ""},
	{"unmatched", "GET", "/api/v1/nope", "", 404, ""},
	{"unmatched", "DELETE", "/api/v1/datasets", "", 405, ""},
}, signedIn, repeat(6, example{"POST /api/v1/auth/login", "POST", "/api/v1/auth/login", `{"email":"jury@example.com","password":"not-the-password"}`, 401, "nobody"}), []example{
	{"POST /api/v1/auth/login", "POST", "/api/v1/auth/login", `{"email":"jury@example.com","password":"password-jury"}`, 429, "nobody"},
})

// signedIn are the examples of the routes that need a principal, in order:
// each may rely on what the ones before it made.
var signedIn = []example{
	{"POST /api/v1/auth/login", "POST", "/api/v1/auth/login", `{"email":"staff@example.com","password":"password-staff"}`, 200, "nobody"},
	{"POST /api/v1/auth/login", "POST", "/api/v1/auth/login", `{"email":"staff@example.com"}`, 401, "nobody"},
	{"POST /api/v1/auth/login", "POST", "/api/v1/auth/login", `{"email":"staff@example.com","pass":"x"}`, 400, "nobody"},
	{"POST /api/v1/auth/tokens", "POST", "/api/v1/auth/tokens", `{"expires_days":30}`, 201, "session:staff"},
	{"POST /api/v1/auth/tokens", "POST", "/api/v1/auth/tokens", ``, 201, "manager"},
	{"POST /api/v1/auth/tokens", "POST", "/api/v1/auth/tokens", `{"expires_days":1000}`, 400, "manager"},
	{"POST /api/v1/auth/tokens", "POST", "/api/v1/auth/tokens", `{"expires_days":30}`, 403, "cookie:staff"},
	{"POST /api/v1/auth/tokens", "POST", "/api/v1/auth/tokens", `{"expires_days":30}`, 401, "nobody"},
	{"DELETE /api/v1/auth/tokens/{id}", "DELETE", "/api/v1/auth/tokens/{token_id}", "", 200, "manager"},
	{"DELETE /api/v1/auth/tokens/{id}", "DELETE", "/api/v1/auth/tokens/no-such-token", "", 404, "manager"},
	{"GET /api/v1/auth/me", "GET", "/api/v1/auth/me", "", 200, "session:staff"},
	{"GET /api/v1/auth/me", "GET", "/api/v1/auth/me", "", 200, "manager"},
	{"GET /api/v1/auth/me", "GET", "/api/v1/auth/me", "", 200, "nobody"},
	{"POST /api/v1/auth/logout", "POST", "/api/v1/auth/logout", "", 200, "session:staff"},
	{"POST /api/v1/auth/logout", "POST", "/api/v1/auth/logout", "", 403, "cookie:staff"},
	{"POST /api/v1/auth/logout", "POST", "/api/v1/auth/logout", "", 401, "nobody"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"id":"shop2","kind":"merchant","name":"광화문 떡집","business_no":"124-81-00998","lon":126.977,"lat":37.571}`, 201, "admin"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"id":"ops","kind":"operator","name":"서울 상생 재단"}`, 201, "session:admin"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"id":"shop2","kind":"merchant","name":"광화문 떡집","business_no":"124-81-00998"}`, 409, "admin"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"kind":"merchant","name":"광화문 떡집","business_no":"124-81-00999"}`, 422, "admin"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"kind":"bank","name":"은행"}`, 400, "admin"},
	{"POST /api/v1/orgs", "POST", "/api/v1/orgs", `{"kind":"operator","name":"KT 2"}`, 403, "manager"},
	{"GET /api/v1/orgs/{id}", "GET", "/api/v1/orgs/shop2", "", 200, "staff"},
	{"GET /api/v1/orgs/{id}", "GET", "/api/v1/orgs/kt", "", 200, "session:staff"},
	{"GET /api/v1/orgs/{id}", "GET", "/api/v1/orgs/nowhere", "", 404, "staff"},
	{"GET /api/v1/orgs/{id}", "GET", "/api/v1/orgs/kt", "", 401, "nobody"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"kim@example.com","name":"김상생","password":"a-long-password","memberships":[{"org":"kt","role":"staff"}]}`, 201, "manager"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"kim@example.com","name":"김상생","password":"a-long-password","memberships":[{"org":"kt","role":"staff"}]}`, 409, "manager"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"lee@example.com","password":"a-long-password","memberships":[{"org":"kt","role":"auditor"}]}`, 403, "manager"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"lee@example.com","password":"a-long-password","memberships":[{"org":"nowhere","role":"staff"}]}`, 404, "admin"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"lee@example.com","password":"short","memberships":[{"org":"kt","role":"staff"}]}`, 400, "admin"},
	{"POST /api/v1/users", "POST", "/api/v1/users", `{"email":"lee@example.com","password":"a-long-password","memberships":[{"org":"kt","role":"staff"}]}`, 401, "nobody"},
	{"POST /api/v1/ledger/accounts", "POST", "/api/v1/ledger/accounts", `{"id":"kt-meals","name":"KT 식권","owner":"kt","flags":["debits_must_not_exceed_credits"]}`, 201, "manager"},
	{"POST /api/v1/ledger/accounts", "POST", "/api/v1/ledger/accounts", `{"name":"가게 매출","owner":"shop2"}`, 201, "admin"},
	{"POST /api/v1/ledger/accounts", "POST", "/api/v1/ledger/accounts", `{"id":"kt-meals","name":"KT 식권","owner":"kt"}`, 409, "manager"},
	{"POST /api/v1/ledger/accounts", "POST", "/api/v1/ledger/accounts", `{"name":"KT 식권","owner":"kt","flags":["overdraft"]}`, 400, "manager"},
	{"POST /api/v1/ledger/accounts", "POST", "/api/v1/ledger/accounts", `{"name":"LG 식권","owner":"lg"}`, 403, "manager"},
	{"GET /api/v1/ledger/accounts/{id}", "GET", "/api/v1/ledger/accounts/kt-budget", "", 200, "staff"},
	{"GET /api/v1/ledger/accounts/{id}", "GET", "/api/v1/ledger/accounts/kt-budget", "", 403, "merchant"},
	{"GET /api/v1/ledger/accounts/{id}", "GET", "/api/v1/ledger/accounts/nothing", "", 404, "admin"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"meal-1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":3000,"memo":"점심"},{"id":"hold-1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":2000,"pending":true,"timeout_s":3600}]}`, 201, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"meal-1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":3000,"memo":"점심"}]}`, 200, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"settle-1","post_pending":"hold-1","amount":1500}]}`, 201, "session:manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"meal-1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":4000}]}`, 409, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"meal-2","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1000},{"id":"meal-3","debit_account":"kt-budget","credit_account":"shop1-sales","amount":100000}]}`, 422, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"meal-4","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1.5}]}`, 400, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[]}`, 400, "manager"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"take","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1000}]}`, 403, "merchant"},
	{"POST /api/v1/ledger/transfers", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"take","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1000}]}`, 401, "nobody"},
	{"GET /api/v1/ledger/transfers/{id}", "GET", "/api/v1/ledger/transfers/hold-1", "", 200, "merchant"},
	{"GET /api/v1/ledger/transfers/{id}", "GET", "/api/v1/ledger/transfers/meal-1", "", 200, "auditor"},
	{"GET /api/v1/ledger/transfers/{id}", "GET", "/api/v1/ledger/transfers/fund", "", 403, "merchant"},
	{"GET /api/v1/ledger/transfers/{id}", "GET", "/api/v1/ledger/transfers/nothing", "", 404, "admin"},
	{"GET /api/v1/ledger/accounts/{id}/transfers", "GET", "/api/v1/ledger/accounts/kt-budget/transfers?limit=2", "", 200, "manager"},
	{"GET /api/v1/ledger/accounts/{id}/transfers", "GET", "/api/v1/ledger/accounts/shop1-sales/transfers?after=1", "", 200, "session:merchant"},
	{"GET /api/v1/ledger/accounts/{id}/transfers", "GET", "/api/v1/ledger/accounts/kt-budget/transfers?limit=0", "", 400, "manager"},
	{"GET /api/v1/ledger/accounts/{id}/transfers", "GET", "/api/v1/ledger/accounts/kt-budget/transfers", "", 403, "supplier"},
	{"GET /api/v1/ledger/accounts/{id}/transfers", "GET", "/api/v1/ledger/accounts/nothing/transfers", "", 404, "admin"},
	{"GET /api/v1/ledger/check", "GET", "/api/v1/ledger/check", "", 200, "auditor"},
	{"GET /api/v1/ledger/check", "GET", "/api/v1/ledger/check", "", 403, "manager"},
	{"GET /api/v1/ledger/check", "GET", "/api/v1/ledger/check", "", 401, "nobody"},
	{"GET /api/v1/audit", "GET", "/api/v1/audit?limit=3", "", 200, "auditor"},
	{"GET /api/v1/audit", "GET", "/api/v1/audit?after=3", "", 200, "session:admin"},
	{"GET /api/v1/audit", "GET", "/api/v1/audit?limit=many", "", 400, "admin"},
	{"GET /api/v1/audit", "GET", "/api/v1/audit", "", 403, "staff"},
}
