package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/synth"
)

// feedColumns are the raw feeds' columns as Parquet types (docs/fusion.md):
// an empty CSV cell (unknown sex or age, no opened_on/closed_on) is NULL.
var feedColumns = map[string][]duckbatch.FileColumn{
	"merchants": duckbatch.FileColumns("merchant_id VARCHAR", "lon DOUBLE", "lat DOUBLE", "industry_code VARCHAR",
		"franchise BOOLEAN", "opened_on DATE", "closed_on DATE"),
	"sales": duckbatch.FileColumns("merchant_id VARCHAR", "date DATE", "time_band VARCHAR", "sex VARCHAR",
		"age VARCHAR", "amount BIGINT", "count BIGINT"),
	"foot": duckbatch.FileColumns("cell_x DOUBLE", "cell_y DOUBLE", "cell_m INTEGER", "date DATE",
		"hour INTEGER", "sex VARCHAR", "age VARCHAR", "count DOUBLE"),
}

func runSynth(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "panel" {
		return runSynthPanel(env, args[1:])
	}
	if len(args) == 0 || args[0] != "raw" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.Stderr, "Usage: sangsaeng synth raw [flags] PUBLISHED_FILE_OR_DIR...\n       sangsaeng synth panel --out DIR [flags]\n\nRun 'sangsaeng synth raw -h' or 'sangsaeng synth panel -h' for their flags.")
			return flag.ErrHelp
		}
		fmt.Fprintln(env.Stderr, "Usage: sangsaeng synth raw [flags] PUBLISHED_FILE_OR_DIR...\n       sangsaeng synth panel --out DIR [flags]")
		return errUsage
	}
	var cfg Config
	fs := flagSet(env, "synth raw", "PUBLISHED_FILE_OR_DIR...", &cfg, "memory")
	areas := fs.String("areas", "", "the 영역-상권 Shapefile (.shp, EPSG:5181) the merchants and cells are placed in (required)")
	out := fs.String("out", "", "folder to write merchants, sales, foot and synth.json to; created (required)")
	scale := fs.Int("scale", 1, "rows ≈ scale × the fewest that reproduce the published figures: each row is cut over more dates and hours")
	seed := fs.Uint64("seed", 1, "seed: the same seed and inputs give the same feeds")
	k := fs.Int("k", 3, "fuse's suppression threshold: sales slices without store data get k merchants")
	format := fs.String("format", "csv", "feed format: csv (UTF-8) or parquet")
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, `Usage: sangsaeng synth raw --areas POLYGONS.shp --out DIR [flags] PUBLISHED_FILE_OR_DIR...

Disaggregates published 추정매출-상권 (sales), 점포-상권 (stores) and 길단위인구-상권
(foot traffic) files into raw feeds — merchants, card sales, foot traffic on a
grid — that sangsaeng fuse turns back into the published figures (docs/fusion.md).
Files of other datasets in a folder are skipped with a note. Writes
merchants.csv, sales.csv and foot.csv (or .parquet) and synth.json: what was
read, and every published figure that cannot be reproduced, and why.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case *areas == "" || *out == "":
		fmt.Fprintln(env.Stderr, "sangsaeng synth raw: --areas and --out are required")
	case fs.NArg() == 0:
		fmt.Fprintln(env.Stderr, "sangsaeng synth raw: name at least one published file or folder")
	case *format != "csv" && *format != "parquet":
		fmt.Fprintf(env.Stderr, "sangsaeng synth raw: --format %q: want csv or parquet\n", *format)
	case *scale < 1 || *k < 1:
		fmt.Fprintln(env.Stderr, "sangsaeng synth raw: --scale and --k must be 1 or more")
	default:
		return synthRaw(ctx, env, synthConfig{areas: *areas, out: *out, format: *format, memory: cfg.Memory,
			cfg: synth.Config{Seed: *seed, Scale: *scale, K: *k}, paths: fs.Args()})
	}
	fs.Usage()
	return errUsage
}

type synthConfig struct {
	areas, out, format, memory string
	cfg                        synth.Config
	paths                      []string
}

func synthRaw(ctx context.Context, env *Env, c synthConfig) error {
	start := time.Now()
	files, err := ingest.Expand(c.paths)
	if err != nil {
		return err
	}
	pub := synth.NewPublished()
	for _, f := range files {
		note, err := addPublished(pub, f)
		if err != nil {
			return err
		}
		if note.Skipped != "" {
			fmt.Fprintf(env.Stdout, "skipped %s: %s\n", f, note.Skipped)
		} else {
			fmt.Fprintf(env.Stdout, "read %s: %s, %d rows\n", f, note.Dataset, note.Rows)
		}
	}
	polys, err := seoul.ReadPolygons(c.areas, nil)
	if err != nil {
		return err
	}
	plan, err := synth.NewPlan(pub, polys, c.cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	writers := []struct {
		name  string
		write func(io.Writer) (int64, error)
	}{
		{"merchants", plan.WriteMerchants},
		{"sales", plan.WriteSales},
		{"foot", plan.WriteFoot},
	}
	for _, w := range writers {
		t0 := time.Now()
		rows, err := writeFeed(ctx, c, w.name, w.write)
		if err != nil {
			return err
		}
		d := time.Since(t0)
		fmt.Fprintf(env.Stdout, "wrote %s.%s: %d rows in %s (%.0f rows/s)\n", w.name, c.format, rows, d.Round(time.Millisecond), float64(rows)/d.Seconds())
	}
	rep := plan.Report()
	rep.Version = versionString()
	rep.Format = c.format
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(c.out, "synth.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	for _, ds := range []struct {
		name string
		r    *synth.DatasetReport
	}{{"stores", &rep.Stores}, {"sales", &rep.Sales}, {"foot traffic", &rep.Foot}} {
		var parts []string
		for _, d := range ds.r.Deviations {
			parts = append(parts, fmt.Sprintf("%s %d", d.Kind, d.Count))
		}
		summary := "none"
		if len(parts) > 0 {
			summary = strings.Join(parts, ", ")
		}
		fmt.Fprintf(env.Stdout, "%s: %d published rows; deviations: %s\n", ds.name, ds.r.Rows, summary)
	}
	fmt.Fprintf(env.Stdout, "done in %s; see %s\n", time.Since(start).Round(time.Millisecond), filepath.Join(c.out, "synth.json"))
	return nil
}

// addPublished reads one file into pub; Shapefiles and JSON are noted as
// skipped.
func addPublished(pub *synth.Published, path string) (synth.FileNote, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".shp", ".json", ".geojson":
		n := synth.FileNote{Path: path, Skipped: "not a published CSV file"}
		pub.Files = append(pub.Files, n)
		return n, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return synth.FileNote{}, err
	}
	defer f.Close()
	return pub.Add(f, path)
}

// writeFeed writes one feed into the output folder, through a CSV file
// converted by DuckDB for Parquet.
func writeFeed(ctx context.Context, c synthConfig, name string, write func(io.Writer) (int64, error)) (int64, error) {
	csvPath := filepath.Join(c.out, name+".csv")
	if c.format == "parquet" {
		csvPath = filepath.Join(c.out, "."+name+".tmp.csv")
		defer os.Remove(csvPath)
	}
	f, err := os.Create(csvPath)
	if err != nil {
		return 0, err
	}
	rows, err := write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rows, fmt.Errorf("write %s: %w", csvPath, err)
	}
	if c.format == "parquet" {
		if err := duckbatch.CSVToParquet(ctx, csvPath, filepath.Join(c.out, name+".parquet"), feedColumns[name], c.memory); err != nil {
			return rows, err
		}
	}
	return rows, nil
}
