package fusion

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// write writes the fused statistics, suppressed.csv and the outside counts.
func (f *fuser) write(ctx context.Context, dir string) error {
	supp, err := newCSVFile(filepath.Join(dir, "suppressed.csv"),
		[]string{"dataset", "quarter", "district_code", "industry_code", "merchants", "reason"})
	if err != nil {
		return err
	}
	if f.sources[SalesFeed] != nil {
		if err := f.writeSales(ctx, dir, supp); err != nil {
			supp.abort()
			return err
		}
	}
	if f.sources[MerchantsFeed] != nil {
		if err := f.writeStores(ctx, dir); err != nil {
			supp.abort()
			return err
		}
	}
	if f.sources[FootFeed] != nil {
		if err := f.writeFoot(ctx, dir); err != nil {
			supp.abort()
			return err
		}
	}
	out, err := supp.close()
	if err != nil {
		return err
	}
	f.prov.Outputs = append(f.prov.Outputs, out)
	o, err := f.fz.Outside(ctx)
	if err != nil {
		return err
	}
	f.prov.Sales.Outside = OutsideRow{Rows: o.SalesRows, Amount: o.SalesAmount}
	f.prov.Foot.CellsOutside = o.Cells
	f.prov.Foot.PersonsOutside = math.Round(o.FootPersons*100) / 100
	return nil
}

func (f *fuser) writeSales(ctx context.Context, dir string, supp *csvFile) error {
	w := f.newQuarterFiles(dir, "sales_trdar", seoul.Sales)
	pos := positions(duckbatch.SalesMeasures())
	err := f.fz.SalesSlices(ctx, func(s *duckbatch.Slice) error {
		if s.Merchants < int64(f.opt.K) {
			f.prov.Sales.Suppressed++
			return supp.write([]string{string(seoul.Sales), strconv.Itoa(s.Quarter), s.Code, s.Industry,
				strconv.FormatInt(s.Merchants, 10), fmt.Sprintf("fewer than k=%d merchants", f.opt.K)})
		}
		f.prov.Sales.Written++
		return w.write(s, func(col string) string { return strconv.FormatInt(s.Ints[pos[col]], 10) })
	})
	return w.finish(err)
}

func (f *fuser) writeStores(ctx context.Context, dir string) error {
	w := f.newQuarterFiles(dir, "stores_trdar", seoul.Stores)
	err := f.fz.StoreSlices(ctx, func(s *duckbatch.Slice) error {
		similar, franchise, opened, closed := s.Ints[0], s.Ints[1], s.Ints[2], s.Ints[3]
		f.prov.Stores.Written++
		return w.write(s, func(col string) string {
			var v int64
			switch col {
			case "stores":
				v = similar - franchise
			case "similar_stores":
				v = similar
			case "franchise_stores":
				v = franchise
			case "opened":
				v = opened
			case "closed":
				v = closed
			case "open_rate":
				v = percent(opened, similar)
			case "close_rate":
				v = percent(closed, similar)
			default:
				panic("fusion: no store measure " + col)
			}
			return strconv.FormatInt(v, 10)
		})
	})
	return w.finish(err)
}

// percent is 100 × part / whole rounded half away from zero, 0 when whole
// is 0: the published 개업_율 and 폐업_률.
func percent(part, whole int64) int64 {
	if whole == 0 {
		return 0
	}
	return int64(math.Round(100 * float64(part) / float64(whole)))
}

func (f *fuser) writeFoot(ctx context.Context, dir string) error {
	w := f.newQuarterFiles(dir, "foot_traffic_trdar", seoul.FootTraffic)
	pos := positions(duckbatch.FootMeasures())
	unit := float64(f.opt.FootRound)
	err := f.fz.FootSlices(ctx, func(s *duckbatch.Slice) error {
		f.prov.Foot.Written++
		return w.write(s, func(col string) string {
			return strconv.FormatInt(int64(math.Round(s.Floats[pos[col]]/unit))*int64(f.opt.FootRound), 10)
		})
	})
	return w.finish(err)
}

func positions(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// quarterFiles writes one dataset's slices, ordered by quarter, into one
// published-schema file per quarter (prefix_yyyyq.csv).
type quarterFiles struct {
	f       *fuser
	dir     string
	prefix  string
	schema  *seoul.Schema
	quarter int
	cur     *csvFile
	row     []string
}

func (f *fuser) newQuarterFiles(dir, prefix string, d seoul.Dataset) *quarterFiles {
	s := seoul.SchemaOf(d)
	return &quarterFiles{f: f, dir: dir, prefix: prefix, schema: s, row: make([]string, len(s.Columns))}
}

// write adds a slice; measure gives the text of a measure column.
func (w *quarterFiles) write(s *duckbatch.Slice, measure func(col string) string) error {
	if w.cur == nil || s.Quarter != w.quarter {
		if err := w.close(); err != nil {
			return err
		}
		header := make([]string, len(w.schema.Columns))
		for i, c := range w.schema.Columns {
			header[i] = c.Header
		}
		cur, err := newCSVFile(filepath.Join(w.dir, fmt.Sprintf("%s_%d.csv", w.prefix, s.Quarter)), header)
		if err != nil {
			return err
		}
		w.cur, w.quarter = cur, s.Quarter
	}
	d := w.f.districts[s.Code]
	for i, c := range w.schema.Columns {
		switch c.Name {
		case "quarter":
			w.row[i] = strconv.Itoa(s.Quarter)
		case "type_code":
			w.row[i] = d.typeCode
		case "type_name":
			w.row[i] = d.typeName
		case "code":
			w.row[i] = s.Code
		case "name":
			w.row[i] = d.name
		case "industry_code":
			w.row[i] = s.Industry
		case "industry_name":
			w.row[i], _ = seoul.IndustryName(s.Industry)
		default:
			w.row[i] = measure(c.Name)
		}
	}
	return w.cur.write(w.row)
}

func (w *quarterFiles) close() error {
	if w.cur == nil {
		return nil
	}
	out, err := w.cur.close()
	w.cur = nil
	if err == nil {
		w.f.prov.Outputs = append(w.f.prov.Outputs, out)
	}
	return err
}

// finish closes the last file, or gives up on it when err is set.
func (w *quarterFiles) finish(err error) error {
	if err != nil {
		if w.cur != nil {
			w.cur.abort()
		}
		return err
	}
	return w.close()
}

// csvFile is a UTF-8 CSV file being written, hashed as it goes.
type csvFile struct {
	path string
	file *os.File
	buf  *bufio.Writer
	w    *csv.Writer
	hash hash.Hash
	rows int64
}

func newCSVFile(path string, header []string) (*csvFile, error) {
	file, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	buf := bufio.NewWriterSize(io.MultiWriter(file, h), 1<<16)
	c := &csvFile{path: path, file: file, buf: buf, w: csv.NewWriter(buf), hash: h}
	if err := c.w.Write(header); err != nil {
		file.Close()
		return nil, err
	}
	return c, nil
}

func (c *csvFile) write(rec []string) error {
	c.rows++
	return c.w.Write(rec)
}

func (c *csvFile) close() (Output, error) {
	c.w.Flush()
	err := c.w.Error()
	if err == nil {
		err = c.buf.Flush()
	}
	if cerr := c.file.Close(); err == nil {
		err = cerr
	}
	return Output{File: filepath.Base(c.path), Rows: c.rows, SHA256: hex.EncodeToString(c.hash.Sum(nil))}, err
}

func (c *csvFile) abort() { c.file.Close() }
