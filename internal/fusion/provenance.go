package fusion

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// Provenance is provenance.json: how a fused release was made, so that it
// can be checked and made again.
type Provenance struct {
	Sangsaeng     string     `json:"sangsaeng_version"`
	FusionVersion int        `json:"fusion_version"`
	CreatedAt     time.Time  `json:"created_at"`
	Parameters    Parameters `json:"parameters"`
	Inputs        []Input    `json:"inputs"`
	Merchants     struct {
		Rows      int64 `json:"rows"`
		Placed    int64 `json:"placed"`     // in at least one district
		InOverlay int64 `json:"in_overlay"` // also in a 관광특구 drawn over their district
		Outside   int64 `json:"outside"`    // in no district
	} `json:"merchants"`
	Sales struct {
		Rows       int64      `json:"rows"`
		Written    int64      `json:"slices_written"`
		Suppressed int64      `json:"slices_suppressed"`
		Outside    OutsideRow `json:"outside"` // sales of merchants in no district
	} `json:"sales"`
	Stores struct {
		Written int64 `json:"slices_written"`
	} `json:"stores"`
	Foot struct {
		Rows           int64   `json:"rows"`
		Cells          int64   `json:"cells"`
		CellsOutside   int64   `json:"cells_outside"`   // cells with no part in any district
		PersonsOutside float64 `json:"persons_outside"` // counted on the parts of cells in no district
		Written        int64   `json:"slices_written"`
	} `json:"foot_traffic"`
	Outputs []Output `json:"outputs"`
}

// Parameters are the options that shape the result.
type Parameters struct {
	K           int    `json:"k"`
	FootRound   int    `json:"foot_round"`
	Quarters    []int  `json:"quarters"`
	MemoryLimit string `json:"memory_limit,omitempty"`
}

// Input is one file read.
type Input struct {
	Feed     string `json:"feed"`
	Path     string `json:"path"`
	Format   string `json:"format"`
	Encoding string `json:"encoding,omitempty"`
	Bytes    int64  `json:"bytes,omitempty"`
	SHA256   string `json:"sha256"` // for the Shapefile, of its .shp, .dbf and .prj together
	Rows     int64  `json:"rows"`
}

// OutsideRow counts sales left outside every district.
type OutsideRow struct {
	Rows   int64 `json:"rows"`
	Amount int64 `json:"amount"`
}

// Output is one file written.
type Output struct {
	File   string `json:"file"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

func newProvenance(opt Options) *Provenance {
	return &Provenance{
		Sangsaeng:     opt.Version,
		FusionVersion: Version,
		CreatedAt:     opt.Now().UTC().Truncate(time.Second),
		Parameters:    Parameters{K: opt.K, FootRound: opt.FootRound, MemoryLimit: opt.MemoryLimit},
	}
}

// addInput records a feed file; feeds are listed in the contract's order.
func (p *Provenance) addInput(s *source) {
	p.Inputs = append(p.Inputs, Input{Feed: string(s.feed), Path: s.path, Format: s.format(),
		Encoding: s.encoding, Bytes: s.bytes, SHA256: s.sha256, Rows: s.n})
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// replaceDir puts the folder tmp in the place of dst, which may exist: dst
// is moved aside first and removed only once tmp is in place.
func replaceDir(tmp, dst string) error {
	old := ""
	if _, err := os.Stat(dst); err == nil {
		o, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".old-")
		if err != nil {
			return err
		}
		if err := os.Remove(o); err != nil {
			return err
		}
		if err := os.Rename(dst, o); err != nil {
			return err
		}
		old = o
	}
	if err := os.Rename(tmp, dst); err != nil {
		if old != "" {
			os.Rename(old, dst)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
