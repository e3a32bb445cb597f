package analysis

import (
	"context"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/stats"
)

// Hotspot is one district's Getis-Ord Gi* result.
type Hotspot struct {
	Code  string  `json:"code"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Z     float64 `json:"z"`
	P     float64 `json:"p"`
	Q     float64 `json:"q"`     // Benjamini–Hochberg FDR-adjusted p
	Class string  `json:"class"` // hot, cold or none at q < 0.05
}

// HotspotQuery selects a hot-spot analysis.
type HotspotQuery struct {
	Query
	Indicator string
	BandM     float64 // distance band in metres, 100–10000; 0 means 1000
}

// HotspotResult is a hot-spot analysis: the parameters used and every
// district tested.
type HotspotResult struct {
	Indicator string    `json:"indicator"`
	Quarter   string    `json:"quarter"`
	Industry  string    `json:"industry"`
	BandM     float64   `json:"band_m"`
	Alpha     float64   `json:"alpha"`
	Hotspots  []Hotspot `json:"hotspots"`
}

// Alpha is the false discovery rate at which a district is called hot or cold.
const Alpha = 0.05

// Hotspots runs Getis-Ord Gi* over the districts' centroids (EPSG:5181) with
// a binary distance band, then controls the false discovery rate with
// Benjamini–Hochberg over all districts tested.
func (s *Service) Hotspots(ctx context.Context, hq HotspotQuery) (*HotspotResult, error) {
	if hq.BandM == 0 {
		hq.BandM = 1000
	}
	if hq.BandM < 100 || hq.BandM > 10000 {
		return nil, invalid("band_m must be 100 to 10000 metres, got %v", hq.BandM)
	}
	hqq, err := s.forIndicator(ctx, hq.Query, hq.Indicator)
	if err != nil {
		return nil, err
	}
	snap, err := s.Snapshot(ctx, hqq)
	if err != nil {
		return nil, err
	}
	if err := checkNumericKey(snap, hq.Indicator); err != nil {
		return nil, err
	}
	var pts []stats.Point
	var xs []float64
	var idx []int
	for i, d := range snap.Districts {
		v, ok := number(snap.Indicators[i], hq.Indicator)
		if !ok {
			continue
		}
		x, y := geo.ToEPSG5181(d.Lon, d.Lat)
		pts, xs, idx = append(pts, stats.Point{X: x, Y: y}), append(xs, v), append(idx, i)
	}
	z, p, err := stats.GetisOrdGiStar(pts, xs, hq.BandM)
	if err != nil {
		return nil, invalid("hot spots of %s: %v", hq.Indicator, err)
	}
	q := stats.BenjaminiHochberg(p)
	out := make([]Hotspot, len(idx))
	for k, i := range idx {
		h := Hotspot{Code: snap.Districts[i].Code, Name: snap.Districts[i].Name, Value: xs[k], Z: z[k], P: p[k], Q: q[k], Class: "none"}
		if q[k] < Alpha {
			h.Class = "cold"
			if z[k] > 0 {
				h.Class = "hot"
			}
		}
		out[k] = h
	}
	return &HotspotResult{Indicator: hq.Indicator, Quarter: snap.Quarter, Industry: snap.Industry, BandM: hq.BandM, Alpha: Alpha, Hotspots: out}, nil
}
