package geo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// The .shp and .shx layouts follow the "ESRI Shapefile Technical
// Description" (ESRI white paper, July 1998).
const (
	shpMagic       = 9994
	shpVersion     = 1000
	shpHeaderLen   = 100
	shapeNull      = 0
	shapePolygon   = 5
	polygonHeadLen = 44 // shape type, bounding box, part and point counts
)

var (
	be = binary.BigEndian
	le = binary.LittleEndian
)

// decodeShp returns the geometry of every record of a polygon .shp file,
// nil for null shapes.
func decodeShp(data []byte) ([]orb.MultiPolygon, error) {
	if len(data) < shpHeaderLen {
		return nil, fmt.Errorf("truncated: %d bytes, a header needs %d", len(data), shpHeaderLen)
	}
	if magic := int32(be.Uint32(data[0:])); magic != shpMagic {
		return nil, fmt.Errorf("bad magic number %d, want %d", magic, shpMagic)
	}
	switch size := 2 * int64(int32(be.Uint32(data[24:]))); {
	case size > int64(len(data)):
		return nil, fmt.Errorf("truncated: header gives %d bytes, file has %d", size, len(data))
	case size != int64(len(data)):
		return nil, fmt.Errorf("header gives %d bytes, file has %d", size, len(data))
	}
	if v := int32(le.Uint32(data[28:])); v != shpVersion {
		return nil, fmt.Errorf("unsupported version %d, want %d", v, shpVersion)
	}
	if t := int32(le.Uint32(data[32:])); t != shapePolygon {
		return nil, fmt.Errorf("unsupported shape type %d, want %d (polygon)", t, shapePolygon)
	}

	var geoms []orb.MultiPolygon
	for pos, rec := shpHeaderLen, 1; pos < len(data); rec++ {
		if len(data)-pos < 8 {
			return nil, fmt.Errorf("record %d: truncated header", rec)
		}
		size := 2 * int64(int32(be.Uint32(data[pos+4:])))
		if size < 4 {
			return nil, fmt.Errorf("record %d: content length %d too short", rec, size)
		}
		if size > int64(len(data)-pos-8) {
			return nil, fmt.Errorf("record %d: truncated", rec)
		}
		content := data[pos+8 : pos+8+int(size)]
		pos += 8 + int(size)

		var mp orb.MultiPolygon
		switch t := int32(le.Uint32(content)); t {
		case shapeNull:
		case shapePolygon:
			rings, err := decodeRings(content)
			if err != nil {
				return nil, fmt.Errorf("record %d: %w", rec, err)
			}
			mp = assemblePolygons(rings)
		default:
			return nil, fmt.Errorf("record %d: unsupported shape type %d", rec, t)
		}
		geoms = append(geoms, mp)
	}
	return geoms, nil
}

// decodeRings returns the parts of a polygon record's content as closed
// rings, in file order.
func decodeRings(c []byte) ([]orb.Ring, error) {
	if len(c) < polygonHeadLen {
		return nil, errors.New("content too short for a polygon")
	}
	numParts := int64(int32(le.Uint32(c[36:])))
	numPoints := int64(int32(le.Uint32(c[40:])))
	if numParts < 1 || numPoints < 1 {
		return nil, fmt.Errorf("polygon with %d parts and %d points", numParts, numPoints)
	}
	pointsAt := polygonHeadLen + 4*numParts
	if pointsAt+16*numPoints > int64(len(c)) {
		return nil, fmt.Errorf("%d parts and %d points overrun the record", numParts, numPoints)
	}
	starts := make([]int, numParts+1)
	for i := range numParts {
		starts[i] = int(int32(le.Uint32(c[polygonHeadLen+4*i:])))
		if (i == 0 && starts[i] != 0) || (i > 0 && starts[i] <= starts[i-1]) || int64(starts[i]) >= numPoints {
			return nil, fmt.Errorf("part index %d out of range", starts[i])
		}
	}
	starts[numParts] = int(numPoints)

	rings := make([]orb.Ring, numParts)
	for i := range rings {
		r := make(orb.Ring, 0, starts[i+1]-starts[i]+1)
		for k := starts[i]; k < starts[i+1]; k++ {
			at := pointsAt + 16*int64(k)
			r = append(r, orb.Point{
				math.Float64frombits(le.Uint64(c[at:])),
				math.Float64frombits(le.Uint64(c[at+8:])),
			})
		}
		if !r.Closed() {
			r = append(r, r[0])
		}
		rings[i] = r
	}
	return rings, nil
}

// assemblePolygons groups rings into polygons by the Shapefile rule:
// clockwise rings are outer rings, the others are holes. Each hole goes to
// the smallest outer ring containing it; a hole that no outer ring contains
// becomes a polygon of its own.
func assemblePolygons(rings []orb.Ring) orb.MultiPolygon {
	var (
		mp     orb.MultiPolygon
		areas  []float64
		holes  []orb.Ring
		orphan orb.MultiPolygon
	)
	for _, r := range rings {
		if a := signedArea(r); a < 0 {
			mp = append(mp, orb.Polygon{r})
			areas = append(areas, -a)
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		best := -1
		for i, poly := range mp {
			if (best < 0 || areas[i] < areas[best]) && ringInside(h, poly[0]) {
				best = i
			}
		}
		if best < 0 {
			orphan = append(orphan, orb.Polygon{h})
			continue
		}
		mp[best] = append(mp[best], h)
	}
	return append(mp, orphan...)
}

// ringInside reports whether ring h lies inside ring outer, judged by the
// first vertex of h that is not on outer's boundary. A ring lying wholly
// on outer's boundary counts as inside.
func ringInside(h, outer orb.Ring) bool {
	ob, hb := outer.Bound(), h.Bound()
	if !ob.Contains(hb.Min) || !ob.Contains(hb.Max) {
		return false
	}
	for _, p := range h {
		if inside, on := ringContains(outer, p); !on {
			return inside
		}
	}
	return true
}

// encodeShp returns the .shp and .shx files for geoms, writing outer rings
// clockwise, holes counter-clockwise, and nil or empty geometries as null
// shapes.
func encodeShp(geoms []orb.MultiPolygon) (shp, shx []byte, _ error) {
	var (
		records [][]byte
		bound   orb.Bound
		bounded bool
	)
	for i, mp := range geoms {
		if len(mp) == 0 {
			records = append(records, le.AppendUint32(nil, shapeNull))
			continue
		}
		rec, err := encodePolygon(mp)
		if err != nil {
			return nil, nil, fmt.Errorf("feature %d: %w", i+1, err)
		}
		if b := mp.Bound(); bounded {
			bound = bound.Union(b)
		} else {
			bound, bounded = b, true
		}
		records = append(records, rec)
	}

	shpLen := shpHeaderLen
	for _, r := range records {
		shpLen += 8 + len(r)
	}
	if shpLen/2 > math.MaxInt32 {
		return nil, nil, fmt.Errorf("%d bytes is too large for a .shp file", shpLen)
	}
	shp = appendShpHeader(make([]byte, 0, shpLen), shpLen, bound)
	shx = appendShpHeader(make([]byte, 0, shpHeaderLen+8*len(records)), shpHeaderLen+8*len(records), bound)
	for i, r := range records {
		shx = be.AppendUint32(shx, uint32(len(shp)/2))
		shx = be.AppendUint32(shx, uint32(len(r)/2))
		shp = be.AppendUint32(shp, uint32(i+1))
		shp = be.AppendUint32(shp, uint32(len(r)/2))
		shp = append(shp, r...)
	}
	return shp, shx, nil
}

// appendShpHeader appends the 100-byte header shared by .shp and .shx
// files of size bytes whose shapes span bound.
func appendShpHeader(b []byte, size int, bound orb.Bound) []byte {
	b = be.AppendUint32(b, shpMagic)
	b = append(b, make([]byte, 20)...)
	b = be.AppendUint32(b, uint32(size/2))
	b = le.AppendUint32(b, shpVersion)
	b = le.AppendUint32(b, shapePolygon)
	for _, v := range []float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1], 0, 0, 0, 0} {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// encodePolygon returns the content of a polygon record for mp.
func encodePolygon(mp orb.MultiPolygon) ([]byte, error) {
	var rings []orb.Ring
	for i, poly := range mp {
		if len(poly) == 0 {
			return nil, fmt.Errorf("polygon %d has no rings", i+1)
		}
		for j, r := range poly {
			if len(r) > 0 && !r.Closed() {
				r = append(r[:len(r):len(r)], r[0])
			}
			if len(r) < 4 {
				return nil, fmt.Errorf("polygon %d ring %d has %d points, want at least 4", i+1, j+1, len(r))
			}
			if a := signedArea(r); (j == 0 && a > 0) || (j > 0 && a < 0) {
				r = reversed(r)
			}
			rings = append(rings, r)
		}
	}
	numPoints := 0
	for _, r := range rings {
		numPoints += len(r)
	}

	b := make([]byte, 0, polygonHeadLen+4*len(rings)+16*numPoints)
	b = le.AppendUint32(b, shapePolygon)
	bound := mp.Bound()
	for _, v := range []float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]} {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	b = le.AppendUint32(b, uint32(len(rings)))
	b = le.AppendUint32(b, uint32(numPoints))
	start := 0
	for _, r := range rings {
		b = le.AppendUint32(b, uint32(start))
		start += len(r)
	}
	for _, r := range rings {
		for _, p := range r {
			b = le.AppendUint64(b, math.Float64bits(p[0]))
			b = le.AppendUint64(b, math.Float64bits(p[1]))
		}
	}
	return b, nil
}

// reversed returns a copy of r in the opposite order.
func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
