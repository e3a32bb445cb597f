package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

func runReport(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "report", "CODE|NAME", &cfg, "db", "memory")
	quarter := fs.String("quarter", "", "quarter as published, e.g. 20251 (default: the latest with sales, stores, foot traffic and change index, as the web app)")
	industry := fs.String("industry", "", "서비스_업종_코드, e.g. CS100001 (default: all industries)")
	format := fs.String("format", "text", "text, markdown or json")
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
		return writeReport(env.Stdout, res, true)
	}
	return writeReport(env.Stdout, res, false)
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

// writeReport prints the one-page report: the district, then every
// indicator with its unit, version and flags.
func writeReport(w io.Writer, r *analysis.DistrictIndicators, markdown bool) error {
	d := r.District
	industry := r.Industry
	if industry == "" {
		industry = "전체 업종"
	}
	var b strings.Builder
	if markdown {
		fmt.Fprintf(&b, "# %s (%s)\n\n%s · %s %s · %s분기 · %s\n\n", d.Name, d.Code, d.TypeName, d.GuName, d.DongName, r.Quarter, industry)
		b.WriteString("| 지표 (indicator) | 값 | 단위 | 버전 | 표시 |\n|---|---:|---|---|---|\n")
	} else {
		fmt.Fprintf(&b, "%s (%s)\n%s · %s %s · %s분기 · %s\n\n", d.Name, d.Code, d.TypeName, d.GuName, d.DongName, r.Quarter, industry)
	}
	for _, key := range r.Indicators.Keys() {
		v, _ := r.Indicators.Get(key)
		val := formatValue(v)
		flags := strings.Join(v.Flags, ", ")
		if markdown {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", key, val, v.Unit, v.Version, flags)
		} else {
			if flags != "" {
				flags = "  [" + flags + "]"
			}
			fmt.Fprintf(&b, "  %-30s %18s %-20s v%s%s\n", key, val, v.Unit, v.Version, flags)
		}
	}
	b.WriteString("\nFormulas: docs/indicators.md. Data: 서울특별시, 서울 열린데이터광장.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func formatValue(v indicator.Value) string {
	switch x := v.Value.(type) {
	case nil:
		return "-"
	case float64:
		return fmt.Sprintf("%.2f", x)
	case int64:
		return groupDigits(x)
	case string:
		return x
	}
	return fmt.Sprint(v.Value)
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
