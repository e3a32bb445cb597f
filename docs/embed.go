// Package docs embeds the documents sangsaeng serves: the indicator
// formulas, linked from every number of the web app.
package docs

import _ "embed"

// Indicators is docs/indicators.md.
//
//go:embed indicators.md
var Indicators []byte
