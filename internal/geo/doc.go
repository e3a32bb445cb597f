// Package geo provides projections between Korean TM grids and WGS84, polygon
// geometry, and the ESRI Shapefile format.
package geo
