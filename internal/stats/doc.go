// Package stats provides the statistics of sangsaeng's district analyses —
// hot spots, false discovery rate, similarity — as pure functions over plain
// values.
package stats
