package demo

import (
	"fmt"
	"math/rand/v2"
)

// namePrefixes are invented place words for district names.
var namePrefixes = []string{
	"상생", "새싹", "햇살", "누리", "한빛", "별빛", "은하수", "다온", "미리내", "가람",
	"나래", "온새미", "아라", "솔빛", "노을", "달빛", "꽃담", "들꽃", "샘터", "이음",
	"모아", "해오름", "초롱", "물길", "한울", "도담", "라온", "바른", "늘봄", "단비",
	"윤슬", "여울", "마루", "하람", "소담", "너울", "빛가람", "새봄", "푸른들", "꿈터",
}

// nameSuffixes are the endings per district kind.
var nameSuffixes = [numKinds][]string{
	alley:     {"로 골목", "길 골목", "마을 골목", "공원 앞"},
	developed: {"역", "사거리", "역 상점가", "광장"},
	market:    {"시장", "종합시장", "골목시장", "상가시장"},
	tourist:   {" 관광특구"},
}

// namer hands out synthetic district names, each used once.
type namer struct {
	r      *rand.Rand
	unused [numKinds][]string // shuffled prefix+suffix pairs not yet handed out
	used   map[string]bool
	dotted bool // a name with `·` was handed out
}

// newNamer returns a namer drawing from r.
func newNamer(r *rand.Rand) *namer {
	n := &namer{r: r, used: map[string]bool{}}
	for k, suffixes := range nameSuffixes {
		for _, s := range suffixes {
			for _, p := range namePrefixes {
				n.unused[k] = append(n.unused[k], p+s)
			}
		}
		r.Shuffle(len(n.unused[k]), func(i, j int) {
			n.unused[k][i], n.unused[k][j] = n.unused[k][j], n.unused[k][i]
		})
	}
	return n
}

// name returns a new name for a district of kind k; once the pairs of a kind run out,
// names get a number. The first tourist zone joins two words with `·` like some
// published names, so the CP949 `?` quirk shows up in the demo too.
func (n *namer) name(k kind) string {
	if k == tourist && !n.dotted {
		n.dotted = true
		a, b := n.r.IntN(len(namePrefixes)), n.r.IntN(len(namePrefixes)-1)
		if b >= a {
			b++
		}
		name := namePrefixes[a] + "·" + namePrefixes[b] + nameSuffixes[tourist][0]
		n.used[name] = true
		return name
	}
	var base string
	if len(n.unused[k]) > 0 {
		base, n.unused[k] = n.unused[k][0], n.unused[k][1:]
	} else {
		base = namePrefixes[n.r.IntN(len(namePrefixes))] + nameSuffixes[k][n.r.IntN(len(nameSuffixes[k]))]
	}
	name := base
	for i := 2; n.used[name]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	n.used[name] = true
	return name
}
