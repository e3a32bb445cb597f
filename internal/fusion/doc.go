// Package fusion turns raw merchant, card-sales and foot-traffic feeds into
// district statistics; this file set maps points and grid cells to districts.
package fusion
