package seoul

import (
	"strings"
	"unicode/utf8"
)

// RepairName returns kept, and true, when lost is kept as a CP949 file
// writes it: the same name but with '?' for characters CP949 has no code
// for (the middle dot '·' of 종로·청계 관광특구, written 종로?청계 관광특구).
// Every other character must agree, and each '?' must stand for a
// character outside ASCII; otherwise lost is returned unchanged, with false.
func RepairName(lost, kept string) (string, bool) {
	if !strings.Contains(lost, "?") || strings.Contains(kept, "?") || utf8.RuneCountInString(lost) != utf8.RuneCountInString(kept) {
		return lost, false
	}
	k := kept
	for _, l := range lost {
		r, size := utf8.DecodeRuneInString(k)
		k = k[size:]
		if l == '?' && r < utf8.RuneSelf || l != '?' && l != r {
			return lost, false
		}
	}
	return kept, true
}

// NameKeyDropped are what NameKey removes from a name: spaces, the middle
// dots written in Korean names ('·', 'ㆍ', '・', '･', '‧', '∙') and the '?'
// that CP949 files write for them.
var NameKeyDropped = []string{" ", "·", "?", "ㆍ", "・", "･", "‧", "∙"}

// NameKey is how a name is compared in a search: without spaces, middle
// dots or '?', so that 종로·청계관광특구, 종로 청계 관광특구 and the
// published 종로?청계 관광특구 are one name.
func NameKey(s string) string {
	for _, d := range NameKeyDropped {
		s = strings.ReplaceAll(s, d, "")
	}
	return s
}
