package httpapi_test

// An example is a request to one route of the API over the demo city and
// the status it gets. The examples cover every route of the route table,
// with answers and refusals: TestOpenAPI validates each answer against the
// OpenAPI document, and FuzzAPI starts from them.
type example struct {
	route  string // the route table's pattern
	method string
	target string
	body   string
	status int
}

var examples = []example{
	{"GET /healthz", "GET", "/healthz", "", 200},
	{"GET /metrics", "GET", "/metrics", "", 200},
	{"GET /api/v1/openapi.json", "GET", "/api/v1/openapi.json", "", 200},
	{"GET /api/v1/datasets", "GET", "/api/v1/datasets", "", 200},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?type=D", "", 200},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?gu=99999", "", 400},
	{"GET /api/v1/districts", "GET", "/api/v1/districts?q=%FF", "", 400},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/3190001", "", 200},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/3999999", "", 404},
	{"GET /api/v1/districts/{code}", "GET", "/api/v1/districts/abc", "", 400},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/20252", "", 200},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/20191", "", 404},
	{"GET /api/v1/districts/{code}/quarters/{quarter}", "GET", "/api/v1/districts/3190001/quarters/2025Q1", "", 400},
	{"GET /api/v1/districts/{code}/indicators", "GET", "/api/v1/districts/3190001/indicators?quarter=20252&industry=CS100001", "", 200},
	{"GET /api/v1/districts/{code}/indicators", "GET", "/api/v1/districts/3190001/indicators?industry=chicken", "", 400},
	{"GET /api/v1/districts/{code}/similar", "GET", "/api/v1/districts/3190001/similar?quarter=20252&k=3", "", 200},
	{"GET /api/v1/districts/{code}/similar", "GET", "/api/v1/districts/3190001/similar?k=many", "", 400},
	{"GET /api/v1/districts/{code}/history", "GET", "/api/v1/districts/3190001/history?industry=CS100001", "", 200},
	{"GET /api/v1/districts/{code}/history", "GET", "/api/v1/districts/3999999/history", "", 404},
	{"GET /api/v1/compare", "GET", "/api/v1/compare?codes=3190001,3190002&quarter=20252", "", 200},
	{"GET /api/v1/compare", "GET", "/api/v1/compare", "", 400},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"circle":{"lon":126.98,"lat":37.57,"radius_m":1000},"quarter":"20252"}`, 200},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.56],[126.99,37.58],[126.97,37.58],[126.97,37.56]]]}}`, 200},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.58],[126.99,37.56],[126.97,37.58],[126.97,37.56]]]}}`, 422},
	{"POST /api/v1/analysis/area", "POST", "/api/v1/analysis/area", `{"polygon":{"type":"Feature","geometry":null}}`, 400},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&quarter=20252&limit=5", "", 200},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=happiness", "", 400},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&gu=99999", "", 400},
	{"GET /api/v1/rankings", "GET", "/api/v1/rankings?indicator=sales_amount&type=Z", "", 400},
	{"GET /api/v1/hotspots", "GET", "/api/v1/hotspots?indicator=foot_traffic_per_km2&quarter=20252", "", 200},
	{"GET /api/v1/hotspots", "GET", "/api/v1/hotspots?indicator=sales_amount&band_m=far", "", 400},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/gu?quarter=20252", "", 200},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/dong?quarter=20252", "", 200},
	{"GET /api/v1/rollups/{level}", "GET", "/api/v1/rollups/city", "", 400},
	{"GET /api/v1/recommend", "GET", "/api/v1/recommend?industry=CS100001&quarter=20252&limit=3", "", 200},
	{"GET /api/v1/recommend", "GET", "/api/v1/recommend?limit=x", "", 400},
	{"GET /api/v1/catalog", "GET", "/api/v1/catalog", "", 200},
	{"GET /api/v1/map", "GET", "/api/v1/map?indicator=sales_amount&quarter=20252", "", 200},
	{"GET /api/v1/map", "GET", "/api/v1/map?indicator=happiness", "", 400},
	{"GET /api/v1/geometry/districts", "GET", "/api/v1/geometry/districts", "", 200},
	{"GET /api/v1/geometry/gu", "GET", "/api/v1/geometry/gu", "", 200},
	{"GET /docs/indicators.md", "GET", "/docs/indicators.md", "", 200},
	{"unmatched", "GET", "/api/v1/nope", "", 404},
	{"unmatched", "DELETE", "/api/v1/datasets", "", 405},
}
