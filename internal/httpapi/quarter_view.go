package httpapi

import (
	"bytes"
	"encoding/json"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// object is a JSON object that keeps its keys in the order they were added,
// so breakdowns read mon..sun and 00-06..21-24.
type object struct {
	keys []string
	vals []any
}

func (o *object) set(k string, v any) *object {
	o.keys, o.vals = append(o.keys, k), append(o.vals, v)
	return o
}

func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// pick copies the named fields of rec, in order, under the same names.
func pick(rec store.Record, fields ...string) *object {
	o := &object{}
	for _, f := range fields {
		o.set(f, rec[f])
	}
	return o
}

// breakdown maps labels to the record's columns col(measure, i).
func breakdown(rec store.Record, labels []string, col func(string, int) string, measure string) *object {
	o := &object{}
	for i, l := range labels {
		o.set(l, rec[col(measure, i)])
	}
	return o
}

// quarterParts are the datasets of the quarter answer, in its order, each
// under its key.
var quarterParts = []struct {
	key string
	d   seoul.Dataset
}{
	{"sales", seoul.Sales}, {"foot_traffic", seoul.FootTraffic}, {"stores", seoul.Stores},
	{"change_index", seoul.ChangeIndex}, {"workers", seoul.Workers}, {"residents", seoul.Residents},
	{"income", seoul.Income}, {"facilities", seoul.Facilities}, {"apartments", seoul.Apartments},
	{"vitality", seoul.Vitality},
}

// quarterReport shapes a district's live rows for one quarter into the API v1
// form: a dataset without a row is null, or [] for the per-industry lists.
func quarterReport(d *store.District, quarter string, recs map[seoul.Dataset][]store.Record) *object {
	o := (&object{}).set("district", d).set("quarter", quarter)
	for _, p := range quarterParts {
		o.set(p.key, quarterValue(p.d, d, recs[p.d]))
	}
	return o
}

// quarterValue shapes the district's rows of one dataset of the quarter
// answer; only the vitality feed's value depends on d.
func quarterValue(ds seoul.Dataset, d *store.District, recs []store.Record) any {
	switch ds {
	case seoul.Sales:
		sales := []any{}
		for _, r := range recs {
			sales = append(sales, salesItem(r))
		}
		return sales
	case seoul.Stores:
		stores := []any{}
		for _, r := range recs {
			stores = append(stores, pick(r, "industry_code", "industry_name", "stores", "similar_stores",
				"franchise_stores", "opened", "open_rate", "closed", "close_rate"))
		}
		return stores
	case seoul.FootTraffic:
		return one(recs, footTraffic)
	case seoul.ChangeIndex:
		return one(recs, changeIndex)
	case seoul.Workers:
		return one(recs, population)
	case seoul.Residents:
		return one(recs, residents)
	case seoul.Income:
		return one(recs, income)
	case seoul.Facilities:
		return one(recs, facilities)
	case seoul.Apartments:
		return one(recs, apartments)
	case seoul.Vitality:
		return one(recs, func(r store.Record) *object { return vitality(d, r) })
	}
	panic("httpapi: no quarter shape for dataset " + string(ds))
}

// one shapes the single row of a per-district dataset, or gives null.
func one(recs []store.Record, shape func(store.Record) *object) any {
	if len(recs) == 0 {
		return nil
	}
	return shape(recs[0])
}

func salesItem(r store.Record) *object {
	o := pick(r, "industry_code", "industry_name", "amount", "count", "weekday_amount", "weekend_amount", "weekday_count", "weekend_count")
	for _, m := range []string{"amount", "count"} {
		o.set(m+"_by_day", breakdown(r, seoul.Days, seoul.DayCol, m))
	}
	for _, m := range []string{"amount", "count"} {
		o.set(m+"_by_time", breakdown(r, seoul.TimeBands, seoul.TimeCol, m))
	}
	for _, m := range []string{"amount", "count"} {
		o.set(m+"_by_sex", breakdown(r, seoul.Sexes, seoul.SexCol, m))
	}
	for _, m := range []string{"amount", "count"} {
		o.set(m+"_by_age", breakdown(r, seoul.Ages, seoul.AgeCol, m))
	}
	return o
}

func footTraffic(r store.Record) *object {
	return pick(r, "total").
		set("by_sex", breakdown(r, seoul.Sexes, seoul.SexCol, "foot")).
		set("by_age", breakdown(r, seoul.Ages, seoul.AgeCol, "foot")).
		set("by_time", breakdown(r, seoul.TimeBands, seoul.TimeCol, "foot")).
		set("by_day", breakdown(r, seoul.Days, seoul.DayCol, "foot"))
}

func changeIndex(r store.Record) *object {
	return (&object{}).set("code", r["index_code"]).set("name", r["index_name"]).
		set("operating_months_avg", r["operating_months_avg"]).
		set("closed_months_avg", r["closed_months_avg"]).
		set("seoul_operating_months_avg", r["seoul_operating_months_avg"]).
		set("seoul_closed_months_avg", r["seoul_closed_months_avg"])
}

func population(r store.Record) *object {
	return pick(r, "total").
		set("by_sex", (&object{}).set("male", r["male"]).set("female", r["female"])).
		set("by_age", breakdown(r, seoul.Ages, seoul.AgeCol, "pop")).
		set("by_sex_age", (&object{}).
			set("male", breakdown(r, seoul.Ages, seoul.AgeCol, "male")).
			set("female", breakdown(r, seoul.Ages, seoul.AgeCol, "female")))
}

func residents(r store.Record) *object {
	return population(r).set("households", r["households"]).
		set("apartment_households", r["apartment_households"]).
		set("non_apartment_households", r["non_apartment_households"])
}

func income(r store.Record) *object {
	spending := &object{}
	for _, c := range seoul.SpendingCategories {
		spending.set(c, r["spending_"+c])
	}
	return pick(r, "monthly_income_avg", "income_band", "spending_total").set("spending", spending)
}

func facilities(r store.Record) *object {
	return pick(r, append([]string{"total"}, seoul.FacilityTypes...)...)
}

func apartments(r store.Record) *object {
	byArea, byPrice := &object{}, &object{}
	for _, b := range seoul.ApartmentBands {
		if b[:4] == "area" {
			byArea.set(b[len("area_"):], r[b])
		} else {
			byPrice.set(b[len("price_"):], r[b])
		}
	}
	return pick(r, "complexes").set("households_by_area_m2", byArea).set("households_by_price_100m_krw", byPrice).
		set("area_avg_m2", r["area_avg_m2"]).set("price_avg", r["price_avg"])
}

// vitality is the feed's row for the district, or for its 행정동 (from_dong).
func vitality(d *store.District, r store.Record) *object {
	return pick(r, "value", "code").set("from_dong", r["code"] != d.Code)
}
