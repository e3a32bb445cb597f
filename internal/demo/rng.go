package demo

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// stream returns a PCG generator that depends only on the seed, the stream name and
// the keys, so every dataset draws the same numbers whatever else is generated.
func stream(seed int64, name string, keys ...uint64) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	var b [8]byte
	for _, k := range keys {
		binary.LittleEndian.PutUint64(b[:], k)
		h.Write(b[:])
	}
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

// logNormal returns a positive factor whose logarithm is normal with mean 0 and the
// given spread.
func logNormal(r *rand.Rand, sigma float64) float64 { return math.Exp(sigma * r.NormFloat64()) }

// between returns a uniform value in [lo, hi).
func between(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// poisson returns a Poisson-distributed count with the given mean (normal
// approximation above 30).
func poisson(r *rand.Rand, mean float64) int64 {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		return max(0, int64(math.Round(mean+math.Sqrt(mean)*r.NormFloat64())))
	}
	limit, p, n := math.Exp(-mean), r.Float64(), int64(0)
	for p > limit {
		p *= r.Float64()
		n++
	}
	return n
}
