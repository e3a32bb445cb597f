package seoul

import (
	"io"
	"strings"
	"testing"
)

// cells is a RecordSource over literal rows.
type cells struct {
	header []string
	rows   [][]string
}

func (c *cells) Header() []string { return c.header }
func (c *cells) Next() ([]string, error) {
	if len(c.rows) == 0 {
		return nil, io.EOF
	}
	r := c.rows[0]
	c.rows = c.rows[1:]
	return r, nil
}

func TestReadRecords(t *testing.T) {
	src := &cells{header: []string{"quarter", "code", "value"}, rows: [][]string{{"20251", "3110001", "72.5"}, {"20251", "11110515", "1e2"}}}
	rows, err := ReadRecords(src, "Parquet", "v.parquet", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, rows)
	recs := got["records"].([]map[string]any)
	if got["dataset"] != Vitality || got["encoding"] != "Parquet" || len(recs) != 2 || recs[1]["value"] != 100.0 || recs[1]["_line"] != 2 {
		t.Errorf("got %v", got)
	}

	bad := &cells{header: []string{"quarter", "code", "value"}, rows: [][]string{{"20251", "3110001", "1"}, {"20251", "3110002", "nan"}}}
	if err := readRecordsErr(bad); err == nil || err.Error() != `v.parquet: row 2: column value: not a finite number: "nan"` {
		t.Errorf("NaN in row 2: %v", err)
	}
	empty := &cells{header: []string{"quarter", "code", "value"}, rows: [][]string{{"20251", "3110001", ""}}}
	if err := readRecordsErr(empty); err == nil || err.Error() != "v.parquet: row 1: column value: empty value" {
		t.Errorf("null value: %v", err)
	}
	if _, err := ReadRecords(&cells{header: []string{"quarter", "code"}}, "Parquet", "v.parquet", nil); err == nil || !strings.Contains(err.Error(), "v.parquet: header: header matches no dataset; closest is vitality") {
		t.Errorf("missing column: %v", err)
	}
}

func readRecordsErr(src RecordSource) error {
	rows, err := ReadRecords(src, "Parquet", "v.parquet", nil)
	if err != nil {
		return err
	}
	return drain(rows)
}
