package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"golang.org/x/text/width"
)

func runReport(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "report", "CODE|NAME", &cfg, "db", "memory")
	quarter := fs.String("quarter", "", "quarter as published, e.g. 20251 (default: the latest with sales, stores, foot traffic and change index, as the web app)")
	industry := fs.String("industry", "", "서비스_업종_코드, e.g. CS100001 (default: all industries)")
	format := fs.String("format", "text", "text, markdown or json")
	lang := fs.String("lang", "ko", "language of the labels: ko (Korean names) or en (the indicator keys of docs/indicators.md)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "sangsaeng report: name one district by code or name")
		fs.Usage()
		return errUsage
	}
	if *format != "text" && *format != "markdown" && *format != "json" {
		return fmt.Errorf("--format %q: want text, markdown or json", *format)
	}
	if _, ok := reportLangs[*lang]; !ok {
		return fmt.Errorf("--lang %q: want ko or en", *lang)
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	code, err := findDistrict(ctx, db, fs.Arg(0))
	if err != nil {
		return err
	}
	res, err := analysis.New(db).Indicators(ctx, code, analysis.Query{Quarter: *quarter, Industry: *industry})
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	case "markdown":
		return writeReport(env.Stdout, res, true, *lang)
	}
	return writeReport(env.Stdout, res, false, *lang)
}

// findDistrict resolves a code, an exact name, or a name part matching one
// district.
func findDistrict(ctx context.Context, db *store.DB, arg string) (string, error) {
	if seoul.ValidCode(arg) {
		return arg, nil
	}
	ds, err := db.Districts(ctx, store.DistrictFilter{Q: arg})
	if err != nil {
		return "", err
	}
	for _, d := range ds {
		if d.Name == arg {
			return d.Code, nil
		}
	}
	switch len(ds) {
	case 0:
		return "", fmt.Errorf("no district is named like %q", arg)
	case 1:
		return ds[0].Code, nil
	}
	var names []string
	for i, d := range ds {
		if i == 8 {
			names = append(names, fmt.Sprintf("… %d more", len(ds)-8))
			break
		}
		names = append(names, d.Code+" "+d.Name)
	}
	return "", fmt.Errorf("%q matches %d districts: %s; give the code", arg, len(ds), strings.Join(names, ", "))
}

// reportLang holds the words of a report in one language.
type reportLang struct {
	header         [5]string // indicator, value, unit, version, flags
	allIndustries  string
	quarter        func(q string) string
	label          func(key string) string
	unit           func(unit string) string
	footer         string
	markdownHeader string
}

var reportLangs = map[string]reportLang{
	"ko": {
		header:        [5]string{"지표", "값", "단위", "버전", "표시"},
		allIndustries: "전체 업종",
		quarter:       func(q string) string { return q[:4] + "년 " + q[4:] + "분기" },
		label: func(key string) string {
			if d, ok := indicator.Lookup(key); ok {
				return d.Name
			}
			return key
		},
		unit:           unitKo,
		footer:         "산식: docs/indicators.md. 자료: 서울특별시, 서울 열린데이터광장.",
		markdownHeader: "| 지표 | 키 | 값 | 단위 | 버전 | 표시 |\n|---|---|---:|---|---|---|\n",
	},
	"en": {
		header:         [5]string{"indicator", "value", "unit", "version", "flags"},
		allIndustries:  "all industries",
		quarter:        func(q string) string { return q[:4] + " Q" + q[4:] },
		label:          func(key string) string { return key },
		unit:           func(u string) string { return u },
		footer:         "Formulas: docs/indicators.md. Data: 서울특별시, 서울 열린데이터광장.",
		markdownHeader: "| indicator | key | value | unit | version | flags |\n|---|---|---:|---|---|---|\n",
	},
}

// unitKo is the Korean name of a unit of docs/indicators.md.
func unitKo(u string) string {
	switch u {
	case indicator.UnitKRW:
		return "원"
	case indicator.UnitCount:
		return "개"
	case indicator.UnitPersons:
		return "명"
	case indicator.UnitPersonsPerKm2:
		return "명/km²"
	case indicator.UnitMonths:
		return "개월"
	case indicator.UnitPoints:
		return "점"
	case indicator.UnitGrade:
		return "등급"
	case indicator.UnitLabel:
		return "구분"
	case indicator.UnitBand:
		return "구간"
	case indicator.UnitStoresPer10k:
		return "개/1만 명"
	case indicator.UnitStoresPerKm2:
		return "개/km²"
	case indicator.UnitIndex:
		return "지수"
	}
	return u
}

// writeReport prints the one-page report in lang ("ko" or "en"): the
// district, then every indicator with its value, unit, version and flags;
// the text form in columns aligned by display width (a Korean syllable takes
// two columns of a terminal), the markdown form as a table with the keys.
func writeReport(w io.Writer, r *analysis.DistrictIndicators, markdown bool, lang string) error {
	l, ok := reportLangs[lang]
	if !ok {
		return fmt.Errorf("--lang %q: want ko or en", lang)
	}
	d := r.District
	industry := r.Industry
	if industry == "" {
		industry = l.allIndustries
	}
	quarter := r.Quarter
	if len(quarter) == 5 {
		quarter = l.quarter(quarter)
	}
	var b strings.Builder
	if markdown {
		fmt.Fprintf(&b, "# %s (%s)\n\n%s · %s %s · %s · %s\n\n", d.Name, d.Code, d.TypeName, d.GuName, d.DongName, quarter, industry)
		b.WriteString(l.markdownHeader)
		for _, key := range r.Indicators.Keys() {
			v, _ := r.Indicators.Get(key)
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", l.label(key), key, formatValue(v), l.unit(v.Unit), v.Version, strings.Join(v.Flags, ", "))
		}
		fmt.Fprintf(&b, "\n%s\n", l.footer)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s (%s)\n%s · %s %s · %s · %s\n\n", d.Name, d.Code, d.TypeName, d.GuName, d.DongName, quarter, industry)
	rows := [][5]string{l.header}
	for _, key := range r.Indicators.Keys() {
		v, _ := r.Indicators.Get(key)
		flags := ""
		if len(v.Flags) > 0 {
			flags = "[" + strings.Join(v.Flags, ", ") + "]"
		}
		val := formatValue(v)
		if k, ok := labelKo[val]; ok && lang == "ko" && v.Unit == indicator.UnitLabel {
			val = k
		}
		rows = append(rows, [5]string{l.label(key), val, l.unit(v.Unit), "v" + v.Version, flags})
	}
	var widths [5]int
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, row := range rows {
		line := "  " + padRight(row[0], widths[0]) + "  " + padLeft(row[1], widths[1]) + "  " +
			padRight(row[2], widths[2]) + "  " + padRight(row[3], widths[3]) + "  " + row[4]
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	fmt.Fprintf(&b, "\n%s\n", l.footer)
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is the number of terminal columns s takes: two for East Asian
// wide and fullwidth characters (Hangul, CJK), one for the others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func padRight(s string, w int) string { return s + strings.Repeat(" ", max(0, w-displayWidth(s))) }

func padLeft(s string, w int) string { return strings.Repeat(" ", max(0, w-displayWidth(s))) + s }

// formatValue writes a value as served, integers and the whole part of
// decimals with thousands separators; "-" when it cannot be computed.
func formatValue(v indicator.Value) string {
	switch x := v.Value.(type) {
	case nil:
		return "-"
	case float64:
		s := strconv.FormatFloat(x, 'f', 2, 64)
		whole, frac, _ := strings.Cut(s, ".")
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return s
		}
		if n == 0 && strings.HasPrefix(whole, "-") {
			return s
		}
		return groupDigits(n) + "." + frac
	case int64:
		return groupDigits(x)
	case string:
		return x
	}
	return fmt.Sprint(v.Value)
}

// labelKo names the label values that are codes in the data (days, sexes)
// in Korean; the others (change-index codes, time bands, Korean labels) are
// shown as they are.
var labelKo = map[string]string{
	"mon": "월", "tue": "화", "wed": "수", "thu": "목", "fri": "금", "sat": "토", "sun": "일",
	"male": "남성", "female": "여성", "borderline": "판정 불가",
}

// groupDigits writes n with thousands separators: 1234567 → 1,234,567.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
