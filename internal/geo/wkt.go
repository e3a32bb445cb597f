package geo

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// wktNode is one KEYWORD[arg, ...] element of a WKT1 coordinate system.
// An argument is a string (quoted text or a bare word), a float64, or a
// *wktNode.
type wktNode struct {
	keyword string
	args    []any
}

// parseWKT parses a single WKT1 element such as the text of a .prj file.
// Brackets may be [] or (); quotes inside text are doubled ("").
func parseWKT(s string) (*wktNode, error) {
	p := &wktParser{s: s}
	n, err := p.node()
	if err != nil {
		return nil, fmt.Errorf("parse wkt: %w", err)
	}
	if p.skipSpace(); p.pos != len(p.s) {
		return nil, fmt.Errorf("parse wkt: unexpected %q at offset %d", p.s[p.pos], p.pos)
	}
	return n, nil
}

type wktParser struct {
	s   string
	pos int
}

var errWKTEnd = errors.New("unexpected end of text")

func (p *wktParser) skipSpace() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// word reads a keyword, a bare enumeration value or a number.
func (p *wktParser) word() string {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) && strings.IndexByte("[](),\" \t\r\n", p.s[p.pos]) < 0 {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *wktParser) node() (*wktNode, error) {
	keyword := p.word()
	if keyword == "" {
		return nil, p.unexpected()
	}
	p.skipSpace()
	if p.pos == len(p.s) || (p.s[p.pos] != '[' && p.s[p.pos] != '(') {
		return nil, p.unexpected()
	}
	p.pos++
	n := &wktNode{keyword: keyword}
	for {
		arg, err := p.arg()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, arg)
		p.skipSpace()
		if p.pos == len(p.s) {
			return nil, errWKTEnd
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']', ')':
			p.pos++
			return n, nil
		default:
			return nil, p.unexpected()
		}
	}
}

func (p *wktParser) arg() (any, error) {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == '"' {
		return p.quoted()
	}
	start := p.pos
	w := p.word()
	if w == "" {
		return nil, p.unexpected()
	}
	p.skipSpace()
	if p.pos < len(p.s) && (p.s[p.pos] == '[' || p.s[p.pos] == '(') {
		p.pos = start
		return p.node()
	}
	if v, err := strconv.ParseFloat(w, 64); err == nil {
		return v, nil
	}
	return w, nil
}

func (p *wktParser) quoted() (string, error) {
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == '"' {
			b.WriteByte('"')
			p.pos++
			continue
		}
		return b.String(), nil
	}
	return "", errWKTEnd
}

func (p *wktParser) unexpected() error {
	if p.pos >= len(p.s) {
		return errWKTEnd
	}
	return fmt.Errorf("unexpected %q at offset %d", p.s[p.pos], p.pos)
}

// child returns the first argument of n that is an element named keyword
// (case-insensitive), or nil. It is safe to call on a nil node.
func (n *wktNode) child(keyword string) *wktNode {
	if c := n.children(keyword); len(c) > 0 {
		return c[0]
	}
	return nil
}

// children returns the arguments of n that are elements named keyword
// (case-insensitive). It is safe to call on a nil node.
func (n *wktNode) children(keyword string) []*wktNode {
	if n == nil {
		return nil
	}
	var out []*wktNode
	for _, a := range n.args {
		if c, ok := a.(*wktNode); ok && strings.EqualFold(c.keyword, keyword) {
			out = append(out, c)
		}
	}
	return out
}

// text returns argument i of n if it is a string.
func (n *wktNode) text(i int) (string, bool) {
	if n == nil || i >= len(n.args) {
		return "", false
	}
	s, ok := n.args[i].(string)
	return s, ok
}

// numberIs reports whether argument i of n is a number within tol of want.
func (n *wktNode) numberIs(i int, want, tol float64) bool {
	if n == nil || i >= len(n.args) {
		return false
	}
	v, ok := n.args[i].(float64)
	return ok && math.Abs(v-want) <= tol
}

// normalizeWKTName folds the spellings of WKT names used by ESRI and OGC
// ("Central_Meridian", "central_meridian", "Central Meridian") to one key.
func normalizeWKTName(name string) string {
	return strings.ToLower(strings.NewReplacer("_", "", " ", "").Replace(name))
}
