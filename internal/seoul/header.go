package seoul

import (
	"fmt"
	"slices"
	"strings"
)

// normHeader folds a header cell for matching: BOM, quotes and spaces
// trimmed, ASCII lower-cased (English API headers come in both cases).
func normHeader(h string) string {
	h = strings.TrimPrefix(h, "\uFEFF")
	h = strings.Trim(h, " \t\"")
	return strings.ToLower(h)
}

// legacyHeaders are columns only the pre-2023 files have.
var legacyHeaders = []string{"기준_년월_코드", "형태정보", "기준_년_코드", "시군구_코드"}

// match maps a header to a schema: colOf[i] is the schema column of header
// cell i. It fails when a required column is missing or a cell is unknown.
func match(s *Schema, header []string) (colOf []int, missing, unknown []string) {
	want := make(map[string]int)
	for i, c := range s.Columns {
		want[normHeader(c.Header)] = i
		for _, a := range c.Aliases {
			want[normHeader(a)] = i
		}
	}
	colOf = make([]int, len(header))
	seen := make([]bool, len(s.Columns))
	for i, h := range header {
		j, ok := want[normHeader(h)]
		if !ok || seen[j] {
			unknown = append(unknown, h)
			colOf[i] = -1
			continue
		}
		colOf[i] = j
		seen[j] = true
	}
	for j, c := range s.Columns {
		if !seen[j] && !c.Optional {
			missing = append(missing, c.Header)
		}
	}
	return colOf, missing, unknown
}

// detect returns the schema a header belongs to and the column mapping, or
// an error naming the closest dataset and what differs.
func detect(file string, header []string) (*Schema, []int, error) {
	for _, h := range header {
		if slices.Contains(legacyHeaders, normHeader(h)) {
			return nil, nil, &Error{File: file, Pos: "line 1", Err: ErrLegacy, Reason: fmt.Sprintf(
				"legacy pre-2023 file (column %s): its district codes do not join with the current code set; load the current release of this dataset instead", h)}
		}
	}
	var best *Schema
	var bestMissing, bestUnknown []string
	bestScore := -1
	for _, s := range schemas {
		colOf, missing, unknown := match(s, header)
		if len(missing) == 0 && len(unknown) == 0 {
			return s, colOf, nil
		}
		if score := len(header) - len(unknown) - len(missing); score > bestScore {
			best, bestMissing, bestUnknown, bestScore = s, missing, unknown, score
		}
	}
	reason := "header matches no dataset"
	if best != nil && bestScore > 0 {
		reason = fmt.Sprintf("header matches no dataset; closest is %s (%s)", best.Dataset, best.Title)
		if len(bestMissing) > 0 {
			reason += fmt.Sprintf(", missing %s", clip(bestMissing))
		}
		if len(bestUnknown) > 0 {
			reason += fmt.Sprintf(", unknown %s", clip(bestUnknown))
		}
	}
	return nil, nil, &Error{File: file, Pos: "line 1", Reason: reason, Err: ErrUnknownFormat}
}

func clip(s []string) string {
	if len(s) > 5 {
		return strings.Join(s[:5], ", ") + fmt.Sprintf(" and %d more", len(s)-5)
	}
	return strings.Join(s, ", ")
}
