package synth

import (
	"fmt"
	"slices"
)

// active returns the merchants made for a district × industry that are open
// on some day of quarter q, with the days they are open in it.
func (p *Plan) active(sk sliceKey, q quarter) []salesMerchant {
	first, last := q.first(), q.last()
	var out []salesMerchant
	for _, i := range p.own[sk] {
		m := &p.merchants[i]
		from, to := first, last
		if m.opened != noDay {
			from = max(from, m.opened)
		}
		if m.closed != noDay {
			to = min(to, m.closed-1)
		}
		if from > to {
			continue
		}
		out = append(out, salesMerchant{merchant: i, weight: float64(to-from+1) * m.factor, from: from, to: to})
	}
	return out
}

// planSales splits, in placement order, the sales slices of districts
// without area of their own, whose merchants stand in partner districts
// too: what they give a partner is taken off the partner's target.
func (p *Plan) planSales() {
	byIndustry := map[string][]rowKey{}
	for _, k := range sortedKeys(p.pub.Sales) {
		byIndustry[k.Industry] = append(byIndustry[k.Industry], k)
	}
	for _, industry := range slices.Sorted(mapKeys(byIndustry)) {
		codes := map[string]bool{}
		for _, k := range byIndustry[industry] {
			if s := p.placer.site(k.Code); s != nil && !s.exclusive {
				codes[k.Code] = true
			}
		}
		ordered := order(slices.Sorted(mapKeys(codes)), func(string) bool { return false }, p.placer.forced)
		for _, code := range ordered {
			for _, k := range byIndustry[industry] {
				if k.Code == code {
					p.salesDone[k] = p.salesRows(k)
				}
			}
		}
	}
	for k := range p.salesContrib {
		if _, ok := p.pub.Sales[k]; !ok {
			p.report.Sales.deviate("extra_slice", "merchants of a district without area of its own stand in this district, which has no published sales for the slice: fuse writes a slice not published", k.String())
		}
	}
}

// salesRows returns the base rows of a published sales slice: its target,
// less what merchants of other districts standing here give, split over
// its own merchants active in the quarter. The rows of merchants that
// stand in a partner district too are added to the partner's
// contributions.
func (p *Plan) salesRows(k rowKey) []baseSale {
	if rows, ok := p.salesDone[k]; ok {
		return rows
	}
	rep := &p.report.Sales
	t := p.pub.Sales[k]
	if c := p.salesContrib[k]; c != nil {
		t = salesRow{Amount: t.Amount.sub(c.Amount), Count: t.Count.sub(c.Count)}
	}
	ms := p.active(k.sliceKey, k.Q)
	if len(ms) < p.cfg.K {
		rep.deviate("suppressed", fmt.Sprintf("fewer than k = %d merchants of the store data are active in the quarter: fuse suppresses the slice", p.cfg.K), fmt.Sprintf("%s: %d merchants", k, len(ms)))
	}
	if len(ms) == 0 && (t.Amount.Total != 0 || t.Count.Total != 0) {
		rep.deviate("no_merchants", "no merchant to take the slice's sales", k.String())
		return nil
	}
	r := rng(p.cfg.Seed, "sales", k.String())
	rows, issues := splitSales(t, ms, r, nil)
	for _, is := range issues {
		rep.deviate(is.measure+"_"+is.breakdown, issueReason(is.breakdown), fmt.Sprintf("%s: off by %d", k, is.off))
	}
	for _, s := range rows {
		m := &p.merchants[s.merchant]
		if m.partner == "" {
			continue
		}
		pk := rowKey{sliceKey{m.partner, k.Industry}, k.Q}
		c := p.salesContrib[pk]
		if c == nil {
			c = &salesRow{}
			p.salesContrib[pk] = c
		}
		c.Amount.addSale(s, s.amount)
		c.Count.addSale(s, s.count)
	}
	return rows
}

func issueReason(breakdown string) string {
	switch breakdown {
	case "weekday":
		return "주중 ≠ Monday–Friday: fuse writes the sum of the days"
	case "weekend":
		return "주말 ≠ Saturday + Sunday: fuse writes the sum of the days"
	case "days":
		return "the days do not sum to the total"
	case "time_bands":
		return "the time bands do not sum to the total"
	case "sexes":
		return "male + female exceed the total: cut from the last laid out"
	case "ages":
		return "the age groups exceed the total: cut from the last laid out"
	}
	return "merchants of another district standing here give more than the published figure"
}
