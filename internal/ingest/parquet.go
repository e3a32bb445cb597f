package ingest

import (
	"context"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// parquetMagic starts (and ends) every Parquet file.
var parquetMagic = []byte("PAR1")

// readParquet returns the rows of a Parquet file, recognised from its
// column names like a CSV's header; close releases the file.
func readParquet(ctx context.Context, path string, known seoul.Validator) (rows seoul.Rows, close func() error, err error) {
	f, err := duckbatch.OpenParquet(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	rows, err = seoul.ReadRecords(f, "Parquet", path, known)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return rows, f.Close, nil
}
