package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// nameRepair is a name of the live 영역-상권 that lost characters to '?'
// and the name another live file keeps for the same code.
type nameRepair struct {
	column, key, code, lost, kept string
	line                          int // of the row in the release that landed
}

// repairNames puts back, in the 영역-상권 rows, the characters a CP949 file
// writes as '?' (the '·' of 종로·청계 관광특구, 종로1·2·3·4가동): a district's
// name from the live polygon file's, a 행정동's name from the live
// 영역-행정동's, wherever the two agree but at the '?' (seoul.RepairName).
// It runs when any of the three lands, so the order of ingest does not
// matter, and returns the warning that counts the names repaired (nil if
// none), its first line in rel's file.
func repairNames(ctx context.Context, conn *dbConn, rel *Release) (*seoul.Warning, error) {
	// Which names of 영역-상권 (column, by key) are kept by which file.
	type source struct{ column, key, other, otherName string }
	names := source{"name", "code", string(seoul.AreaPolygons), "name"}
	dongs := source{"dong_name", "dong_code", string(seoul.AreasDong), "dong_name"}
	var sources []source
	switch rel.Dataset {
	case seoul.Areas:
		sources = []source{names, dongs}
	case seoul.AreaPolygons:
		sources = []source{names}
	case seoul.AreasDong:
		sources = []source{dongs}
	default:
		return nil, nil
	}
	// The line is of the release that landed: the 영역-상권 row's, or the
	// other file's.
	line := "o.line"
	if rel.Dataset == seoul.Areas {
		line = "a.line"
	}
	var repairs []nameRepair
	for _, c := range sources {
		rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT a.%[1]s, a.%[2]s, o.%[3]s, min(%[4]s) FROM areas a %[5]s
			JOIN %[6]s o ON o.%[1]s = a.%[1]s %[7]s
			WHERE strpos(a.%[2]s, '?') > 0 GROUP BY a.%[1]s, a.%[2]s, o.%[3]s ORDER BY min(%[4]s)`,
			c.key, c.column, c.otherName, line, liveAs(seoul.Areas, "a"), c.other, liveAs(seoul.Dataset(c.other), "o")))
		if err != nil {
			return nil, fmt.Errorf("names to repair: %w", err)
		}
		for rows.Next() {
			r := nameRepair{column: c.column, key: c.key}
			if err := rows.Scan(&r.code, &r.lost, &r.kept, &r.line); err != nil {
				rows.Close()
				return nil, err
			}
			if _, ok := seoul.RepairName(r.lost, r.kept); ok {
				repairs = append(repairs, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(repairs) == 0 {
		return nil, nil
	}
	counts := map[string]int{}
	first := repairs[0].line
	for _, r := range repairs {
		first = min(first, r.line)
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`UPDATE areas SET %s = ? WHERE %s = ? AND %s = ?`, r.column, r.key, r.column),
			r.kept, r.code, r.lost); err != nil {
			return nil, fmt.Errorf("repair %s of %s: %w", r.column, r.code, err)
		}
		counts[r.column]++
	}
	var parts []string
	if n := counts["name"]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d district names (상권_코드_명)", n))
	}
	if n := counts["dong_name"]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d 행정동 names (행정동_코드_명)", n))
	}
	return &seoul.Warning{Code: "names_repaired", Count: len(repairs), FirstLine: first,
		Message: "the CP949 영역-상권 file writes '?' for characters it has no code for ('·'): " + strings.Join(parts, " and ") +
			" repaired from the polygon file's or the 영역-행정동's name of the same code"}, nil
}

// liveAs joins table alias a of dataset d to the slices, keeping the live
// rows.
func liveAs(d seoul.Dataset, a string) string {
	return fmt.Sprintf("JOIN slices l%s ON l%s.dataset = '%s' AND l%s.release_id = %s.release_id AND l%s.slice = %s",
		a, a, d, a, a, a, sliceExprOf(d, a))
}
