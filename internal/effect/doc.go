// Package effect estimates what a treatment (a support program) did to an
// outcome (a merchant's sales) on a balanced panel: Callaway & Sant'Anna's
// group-time effects and their aggregations, the plain 2×2
// difference-in-differences as their special case, and synthetic
// difference-in-differences, each with a pre-trend check. It is pure
// computation: a Panel in, aggregates out; docs/effects.md gives the
// formulas.
package effect

// Algorithm versions, recorded in every Result so that a figure can be traced
// to the method that produced it (docs/effects.md, "Versions").
const (
	// VersionCS: Callaway & Sant'Anna (2021), outcome regression without
	// covariates, varying base period, as the did R package 2.x computes it.
	VersionCS = "cs-2021/did-2.x-reg-varying"
	// VersionSDID: Arkhangelsky et al. (2021), synthdid ≥ 0.0.9: Frank–Wolfe
	// weights, ζ = (N₁·T₁)^¼·σ, one sparsification pass.
	VersionSDID = "sdid-2021/synthdid-0.0.9-fw"
	// VersionDiD: two-group difference in the change of means.
	VersionDiD = "did-2x2-means"
)
