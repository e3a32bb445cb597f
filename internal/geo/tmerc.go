package geo

import (
	"math"
	"math/cmplx"
)

// grs80 is the ellipsoid of the Korea 2000 datum (EPSG:7019).
var grs80 = newEllipsoid(6378137, 298.257222101)

// ellipsoid holds the constants of Krüger's series for one ellipsoid.
type ellipsoid struct {
	e     float64    // eccentricity
	rectA float64    // rectifying radius A, metres
	alpha [6]float64 // conformal → transverse Mercator coefficients
	beta  [6]float64 // transverse Mercator → conformal coefficients
}

// newEllipsoid returns the series constants for semi-major axis a (metres)
// and inverse flattening rf, to sixth order in the third flattening n.
// Source: Karney (2011), "Transverse Mercator with an accuracy of a few
// nanometers", J. Geodesy 85:475–485, eqs. (14), (35), (36).
func newEllipsoid(a, rf float64) ellipsoid {
	f := 1 / rf
	n := f / (2 - f)
	n2, n3 := n*n, n*n*n
	n4, n5, n6 := n2*n2, n2*n3, n3*n3
	return ellipsoid{
		e:     math.Sqrt(f * (2 - f)),
		rectA: a / (1 + n) * (1 + n2/4 + n4/64 + n6/256),
		alpha: [6]float64{
			n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
			13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
			61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
			49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
			34729*n5/80640 - 3418889*n6/1995840,
			212378941 * n6 / 319334400,
		},
		beta: [6]float64{
			n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
			n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
			17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
			4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
			4583*n5/161280 - 108847*n6/3991680,
			20648693 * n6 / 638668800,
		},
	}
}

// conformalTau returns tan χ of the conformal latitude χ for tau = tan φ of
// the geodetic latitude φ (Karney 2011, eqs. (7)–(9)).
func (el ellipsoid) conformalTau(tau float64) float64 {
	sigma := math.Sinh(el.e * math.Atanh(el.e*tau/math.Hypot(1, tau)))
	return tau*math.Hypot(1, sigma) - sigma*math.Hypot(1, tau)
}

// geodeticTau inverts conformalTau by Newton's method
// (Karney 2011, eqs. (19)–(21)).
func (el ellipsoid) geodeticTau(taup float64) float64 {
	e2m := 1 - el.e*el.e
	tau := taup
	for range 5 {
		tp := el.conformalTau(tau)
		d := (taup - tp) / math.Hypot(1, tp) * (1 + e2m*tau*tau) / (e2m * math.Hypot(1, tau))
		tau += d
		if math.Abs(d) <= 1e-14*math.Max(1, math.Abs(tau)) {
			break
		}
	}
	return tau
}

// transverseMercator is a Transverse Mercator grid on GRS80, evaluated with
// Krüger's series as PROJ's tmerc does (Poder/Engsager algorithm).
type transverseMercator struct {
	lon0 float64 // central meridian, radians
	k0A  float64 // scale factor at the central meridian times A, metres
	fe   float64 // false easting, metres
	fn   float64 // false northing minus the northing of the origin latitude, metres
}

// newTransverseMercator returns the grid with central meridian lon0 and
// origin latitude lat0 (degrees), scale factor k0, and false easting and
// northing fe, fn (metres).
func newTransverseMercator(lon0, lat0, k0, fe, fn float64) transverseMercator {
	tm := transverseMercator{lon0: lon0 * math.Pi / 180, k0A: k0 * grs80.rectA, fe: fe}
	_, y0 := tm.forward(lon0, lat0)
	tm.fn = fn - y0
	return tm
}

// forward returns the grid easting and northing of a GRS80 longitude and
// latitude in degrees (Karney 2011, eqs. (10), (11)).
func (tm transverseMercator) forward(lon, lat float64) (x, y float64) {
	lambda := lon*math.Pi/180 - tm.lon0
	taup := grs80.conformalTau(math.Tan(lat * math.Pi / 180))
	xip := math.Atan2(taup, math.Cos(lambda))
	etap := math.Asinh(math.Sin(lambda) / math.Hypot(taup, math.Cos(lambda)))
	zetap := complex(xip, etap)
	zeta := zetap
	for j, a := range grs80.alpha {
		zeta += complex(a, 0) * cmplx.Sin(complex(float64(2*(j+1)), 0)*zetap)
	}
	return tm.fe + tm.k0A*imag(zeta), tm.fn + tm.k0A*real(zeta)
}

// inverse returns the GRS80 longitude and latitude in degrees of a grid
// easting and northing (Karney 2011, eqs. (11), (15)–(18)).
func (tm transverseMercator) inverse(x, y float64) (lon, lat float64) {
	zeta := complex((y-tm.fn)/tm.k0A, (x-tm.fe)/tm.k0A)
	zetap := zeta
	for j, b := range grs80.beta {
		zetap -= complex(b, 0) * cmplx.Sin(complex(float64(2*(j+1)), 0)*zeta)
	}
	xip, etap := real(zetap), imag(zetap)
	taup := math.Sin(xip) / math.Hypot(math.Sinh(etap), math.Cos(xip))
	lambda := math.Atan2(math.Sinh(etap), math.Cos(xip))
	tau := grs80.geodeticTau(taup)
	return (tm.lon0 + lambda) * 180 / math.Pi, math.Atan(tau) * 180 / math.Pi
}
