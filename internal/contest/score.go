package contest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Method is a contest's scoring rule.
type Method string

const (
	// MethodZScore normalises each judge: per criterion, a judge's scores
	// become 50 + 10·z, z = (x − μ)/σ over the entries that judge scored
	// (σ the population standard deviation; σ = 0 gives z = 0). An
	// entry's criterion score is the mean over its judges.
	MethodZScore Method = "zscore"
	// MethodTrimmed is the Korean public-procurement rule (조달청 기술평가):
	// each judge's weighted total of raw scores, then the entry's highest
	// and lowest totals dropped (one copy each) and the rest averaged. With
	// two scores or fewer nothing is dropped: the mean of all.
	MethodTrimmed Method = "trimmed"
)

// Score is one judge's scores of one entry, criterion key → 0–100.
type Score struct {
	Entry  string
	Judge  string
	Values map[string]int
}

// Result is an entry's final score and rank with how it was made.
type Result struct {
	Entry       string             `json:"entry"`
	Rank        int                `json:"rank"` // 1 is best; 0 when the entry has no score
	Score       float64            `json:"score"`
	Criteria    map[string]float64 `json:"criteria"` // the entry's score per criterion
	Explanation Explanation        `json:"explanation"`
}

// Explanation says how a score was computed from the raw scores, as a
// supplier may ask (개인정보보호법 §37의2).
type Explanation struct {
	Method  Method      `json:"method"`
	Weights []Criterion `json:"weights"`
	Judges  []JudgeLine `json:"judges"`
	Formula string      `json:"formula"`
	Tie     string      `json:"tie,omitempty"` // how a tie with a neighbour was broken
}

// JudgeLine is one judge's part of an entry's score.
type JudgeLine struct {
	Judge      string             `json:"judge"`
	Raw        map[string]int     `json:"raw"`
	Normalised map[string]float64 `json:"normalised,omitempty"` // MethodZScore: 50 + 10·z per criterion
	Total      float64            `json:"total"`                // the judge's weighted total (of normalised scores for zscore)
	Dropped    string             `json:"dropped,omitempty"`    // MethodTrimmed: "highest" or "lowest"
}

// round4 rounds half away from zero to 4 decimals: the precision scores
// are shown, compared and tied at.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Rank scores entries from the judges' raw scores by method, ranks them
// and explains each result. Scores are rounded to 4 decimals; equal
// rounded scores are ties, broken by, in turn: the higher score on each
// criterion from the heaviest down (equal weights in the order listed),
// the lower unit price, the earlier submission, the smaller entry id.
// Entries without any score come last with rank 0.
func Rank(criteria []Criterion, entries []Entry, scores []Score, method Method) ([]Result, error) {
	if err := ValidateCriteria(criteria); err != nil {
		return nil, err
	}
	if method != MethodZScore && method != MethodTrimmed {
		return nil, invalid("scoring method %q, want zscore or trimmed", method)
	}
	byID := make(map[string]int, len(entries))
	for i, e := range entries {
		byID[e.ID] = i
	}
	var W int64
	for _, c := range criteria {
		W += c.Weight
	}
	type key struct{ entry, judge string }
	seen := make(map[key]bool, len(scores))
	for _, s := range scores {
		if _, ok := byID[s.Entry]; !ok {
			return nil, invalid("score by %s: unknown entry %q", s.Judge, s.Entry)
		}
		if seen[key{s.Entry, s.Judge}] {
			return nil, invalid("entry %s: scored twice by %s", s.Entry, s.Judge)
		}
		seen[key{s.Entry, s.Judge}] = true
		for _, c := range criteria {
			v, ok := s.Values[c.Key]
			if !ok {
				return nil, invalid("entry %s, judge %s: no score for %q", s.Entry, s.Judge, c.Key)
			}
			if v < 0 || v > 100 {
				return nil, invalid("entry %s, judge %s, %s: %d is not within 0–100", s.Entry, s.Judge, c.Key, v)
			}
		}
		if len(s.Values) != len(criteria) {
			for k := range s.Values {
				if !slices.ContainsFunc(criteria, func(c Criterion) bool { return c.Key == k }) {
					return nil, invalid("entry %s, judge %s: unknown criterion %q", s.Entry, s.Judge, k)
				}
			}
		}
	}

	// Per-judge normalisation for zscore: judge → criterion → (μ, σ).
	type moments struct{ mean, sd float64 }
	norm := map[string][]moments{}
	if method == MethodZScore {
		byJudge := map[string][]Score{}
		for _, s := range scores {
			byJudge[s.Judge] = append(byJudge[s.Judge], s)
		}
		for j, ss := range byJudge {
			m := make([]moments, len(criteria))
			for ci, c := range criteria {
				var sum float64
				for _, s := range ss {
					sum += float64(s.Values[c.Key])
				}
				mean := sum / float64(len(ss))
				var sq float64
				for _, s := range ss {
					d := float64(s.Values[c.Key]) - mean
					sq += d * d
				}
				m[ci] = moments{mean, math.Sqrt(sq / float64(len(ss)))}
			}
			norm[j] = m
		}
	}

	perEntry := make([][]Score, len(entries))
	for _, s := range scores {
		i := byID[s.Entry]
		perEntry[i] = append(perEntry[i], s)
	}
	results := make([]Result, len(entries))
	for i, e := range entries {
		ss := perEntry[i]
		slices.SortFunc(ss, func(a, b Score) int { return cmp.Compare(a.Judge, b.Judge) })
		r := Result{Entry: e.ID, Criteria: make(map[string]float64, len(criteria)),
			Explanation: Explanation{Method: method, Weights: slices.Clone(criteria)}}
		lines := make([]JudgeLine, len(ss))
		crit := make([]float64, len(criteria)) // sums over the judges kept
		kept := 0
		switch method {
		case MethodZScore:
			r.Explanation.Formula = fmt.Sprintf("per judge and criterion 50 + 10·(x − μ)/σ over the judge's entries (σ = 0 → 50); criterion = mean over %d judges; score = Σ weight·criterion / %d", len(ss), W)
			for k, s := range ss {
				l := JudgeLine{Judge: s.Judge, Raw: s.Values, Normalised: make(map[string]float64, len(criteria))}
				var tot float64
				for ci, c := range criteria {
					m := norm[s.Judge][ci]
					z := 0.0
					if m.sd > 0 {
						z = (float64(s.Values[c.Key]) - m.mean) / m.sd
					}
					n := 50 + 10*z
					l.Normalised[c.Key] = round4(n)
					crit[ci] += n
					tot += float64(c.Weight) * n
				}
				l.Total = round4(tot / float64(W))
				lines[k] = l
			}
			kept = len(ss)
		case MethodTrimmed:
			nums := make([]int64, len(ss)) // Σ weight·raw, the judge's total × W
			for k, s := range ss {
				for _, c := range criteria {
					nums[k] += c.Weight * int64(s.Values[c.Key])
				}
				lines[k] = JudgeLine{Judge: s.Judge, Raw: s.Values, Total: round4(float64(nums[k]) / float64(W))}
			}
			hi, lo := -1, -1
			if len(ss) >= 3 {
				hi = 0
				for k := range nums {
					if nums[k] > nums[hi] {
						hi = k
					}
				}
				for k := range nums {
					if k != hi && (lo == -1 || nums[k] < nums[lo]) {
						lo = k
					}
				}
				lines[hi].Dropped = "highest"
				lines[lo].Dropped = "lowest"
				r.Explanation.Formula = fmt.Sprintf("judge total = Σ weight·raw / %d; the highest (%s) and lowest (%s) totals dropped; score = mean of the other %d", W, ss[hi].Judge, ss[lo].Judge, len(ss)-2)
			} else {
				r.Explanation.Formula = fmt.Sprintf("judge total = Σ weight·raw / %d; %d scores are too few to drop the highest and lowest: score = mean of all", W, len(ss))
			}
			for k, s := range ss {
				if k == hi || k == lo {
					continue
				}
				for ci, c := range criteria {
					crit[ci] += float64(s.Values[c.Key])
				}
				kept++
			}
		}
		r.Explanation.Judges = lines
		if kept > 0 {
			var tot float64
			for ci, c := range criteria {
				v := crit[ci] / float64(kept)
				r.Criteria[c.Key] = round4(v)
				tot += float64(c.Weight) * v
			}
			r.Score = round4(tot / float64(W))
		}
		results[i] = r
	}

	// Criteria from the heaviest down, equal weights in the order listed.
	order := make([]int, len(criteria))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(criteria[b].Weight, criteria[a].Weight) })
	idx := make([]int, len(entries))
	for i := range idx {
		idx[i] = i
	}
	// decide returns the comparison of entries a and b and the rule that decided it.
	decide := func(a, b int) (int, string) {
		ra, rb := results[a], results[b]
		if ha, hb := len(perEntry[a]) > 0, len(perEntry[b]) > 0; ha != hb {
			if ha {
				return -1, "scored"
			}
			return 1, "scored"
		}
		if c := cmp.Compare(rb.Score, ra.Score); c != 0 {
			return c, "score"
		}
		for _, ci := range order {
			k := criteria[ci].Key
			if c := cmp.Compare(rb.Criteria[k], ra.Criteria[k]); c != 0 {
				return c, "higher " + criteria[ci].Name + " (" + k + ")"
			}
		}
		ea, eb := entries[a], entries[b]
		if c := cmp.Compare(ea.UnitPrice, eb.UnitPrice); c != 0 {
			return c, "lower unit price"
		}
		if c := ea.Submitted.Compare(eb.Submitted); c != 0 {
			return c, "earlier submission"
		}
		return cmp.Compare(ea.ID, eb.ID), "smaller entry id"
	}
	slices.SortStableFunc(idx, func(a, b int) int { c, _ := decide(a, b); return c })
	out := make([]Result, len(entries))
	for pos, i := range idx {
		r := results[i]
		if len(perEntry[i]) > 0 {
			r.Rank = pos + 1
		}
		if pos > 0 && len(perEntry[i]) > 0 && results[idx[pos-1]].Score == r.Score {
			_, why := decide(idx[pos-1], i)
			r.Explanation.Tie = fmt.Sprintf("tied at %.4f with %s, ranked below it by %s", r.Score, entries[idx[pos-1]].ID, why)
		}
		if pos+1 < len(idx) && len(perEntry[i]) > 0 && len(perEntry[idx[pos+1]]) > 0 && results[idx[pos+1]].Score == r.Score {
			_, why := decide(i, idx[pos+1])
			t := fmt.Sprintf("tied at %.4f with %s, ranked above it by %s", r.Score, entries[idx[pos+1]].ID, why)
			if r.Explanation.Tie != "" {
				t = r.Explanation.Tie + "; " + t
			}
			r.Explanation.Tie = t
		}
		out[pos] = r
	}
	return out, nil
}
