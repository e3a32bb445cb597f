package contest

import (
	"fmt"
	"slices"
)

// Judge is a member of the jury with what makes a conflict of interest.
type Judge struct {
	ID          string
	Orgs        []string // organisations the judge is a member of
	BusinessNos []string // 사업자등록번호 the judge holds or works under
	Declared    []string // declared conflicts: entry ids or supplier organisation ids
}

// Conflict reports whether judge may not score e, and why: the judge is a
// member of the supplier's organisation, shares its 사업자등록번호, or
// declared a conflict with the entry or its supplier.
func Conflict(j Judge, e Entry) (reason string, conflicted bool) {
	if slices.Contains(j.Orgs, e.Supplier) {
		return "member of the supplier's organisation", true
	}
	if bn := normBusinessNo(e.BusinessNo); bn != "" {
		for _, b := range j.BusinessNos {
			if normBusinessNo(b) == bn {
				return "same 사업자등록번호", true
			}
		}
	}
	if slices.Contains(j.Declared, e.ID) || slices.Contains(j.Declared, e.Supplier) {
		return "declared conflict", true
	}
	return "", false
}

// Assignment maps an entry id to the ids of its judges, in the order the
// judges were given.
type Assignment map[string][]string

// Loads counts the entries of each judge.
func (a Assignment) Loads() map[string]int {
	n := make(map[string]int)
	for _, js := range a {
		for _, j := range js {
			n[j]++
		}
	}
	return n
}

// AssignJury gives each entry perEntry distinct judges, none of them in
// conflict with it (Conflict). The workload is balanced: when an
// assignment exists in which every judge has ⌊T/J⌋ or ⌈T/J⌉ entries
// (T = entries × perEntry, J = judges), it returns one; otherwise it keeps
// the largest load as small as it can. It is a maximum flow (source →
// entry, capacity perEntry; entry → judge without conflict, 1; judge →
// sink, the load cap), augmented first with the cap ⌊T/J⌋, then ⌈T/J⌉, then
// one more at a time; augmenting never lowers a judge's load, so a
// balanced assignment is found whenever one exists. The result depends
// only on the order of entries and judges. When some entry cannot get
// perEntry judges, the error (code jury_infeasible) names it.
func AssignJury(entries []Entry, judges []Judge, perEntry int) (Assignment, error) {
	if perEntry < 1 {
		return nil, invalid("per_entry %d, want at least 1", perEntry)
	}
	seen := make(map[string]bool)
	for _, j := range judges {
		if j.ID == "" || seen[j.ID] {
			return nil, invalid("judge %q: empty or listed twice", j.ID)
		}
		seen[j.ID] = true
	}
	clear(seen)
	for _, e := range entries {
		if e.ID == "" || seen[e.ID] {
			return nil, invalid("entry %q: empty or listed twice", e.ID)
		}
		seen[e.ID] = true
	}
	E, J := len(entries), len(judges)
	// Nodes: 0 source, 1..E entries, E+1..E+J judges, E+J+1 sink.
	g := newFlow(E + J + 2)
	src, sink := 0, E+J+1
	for i, e := range entries {
		g.add(src, 1+i, perEntry)
		eligible := 0
		for k, j := range judges {
			if _, c := Conflict(j, e); !c {
				g.add(1+i, 1+E+k, 1)
				eligible++
			}
		}
		if eligible < perEntry {
			return nil, &Error{Code: CodeJuryInfeasible, Entry: e.ID,
				Message: fmt.Sprintf("entry %s: %d judges without a conflict, %d needed", e.ID, eligible, perEntry)}
		}
	}
	sinkEdges := make([]int, J)
	for k := range judges {
		sinkEdges[k] = g.add(1+E+k, sink, 0)
	}
	total := E * perEntry
	flow := 0
	for cap := total / max(J, 1); flow < total && cap <= E; cap++ {
		for _, id := range sinkEdges {
			g.setCap(id, cap)
		}
		flow += g.maxflow(src, sink)
	}
	if flow < total {
		for i, e := range entries {
			if got := g.flowOut(1 + i); got < perEntry {
				return nil, &Error{Code: CodeJuryInfeasible, Entry: e.ID,
					Message: fmt.Sprintf("entry %s: only %d of %d judges can be assigned without a conflict", e.ID, got, perEntry)}
			}
		}
	}
	a := make(Assignment, E)
	for i, e := range entries {
		js := make([]string, 0, perEntry)
		for _, id := range g.adj[1+i] {
			ed := g.edges[id]
			if ed.to > E && ed.to <= E+J && ed.flow == 1 {
				js = append(js, judges[ed.to-1-E].ID)
			}
		}
		a[e.ID] = js
	}
	return a, nil
}

// flow is a unit-augmenting maximum-flow network (Edmonds–Karp): paths are
// found breadth first in the order edges were added, so the result is
// deterministic.
type flow struct {
	edges []edge
	adj   [][]int
}

type edge struct{ to, cap, flow int }

func newFlow(n int) *flow { return &flow{adj: make([][]int, n)} }

// add adds an edge u→v and its residual twin; it returns the edge's id.
func (f *flow) add(u, v, c int) int {
	id := len(f.edges)
	f.edges = append(f.edges, edge{to: v, cap: c}, edge{to: u})
	f.adj[u] = append(f.adj[u], id)
	f.adj[v] = append(f.adj[v], id+1)
	return id
}

func (f *flow) setCap(id, c int) { f.edges[id].cap = c }

func (f *flow) flowOut(u int) int {
	n := 0
	for _, id := range f.adj[u] {
		if id%2 == 0 {
			n += f.edges[id].flow
		}
	}
	return n
}

// maxflow augments until no path is left and returns the flow added.
func (f *flow) maxflow(s, t int) int {
	added := 0
	prev := make([]int, len(f.adj))
	for {
		for i := range prev {
			prev[i] = -1
		}
		prev[s] = -2
		queue := []int{s}
		for len(queue) > 0 && prev[t] == -1 {
			u := queue[0]
			queue = queue[1:]
			for _, id := range f.adj[u] {
				ed := f.edges[id]
				if prev[ed.to] == -1 && ed.cap-ed.flow > 0 {
					prev[ed.to] = id
					queue = append(queue, ed.to)
				}
			}
		}
		if prev[t] == -1 {
			return added
		}
		push := int(^uint(0) >> 1)
		for v := t; v != s; v = f.edges[prev[v]^1].to {
			ed := f.edges[prev[v]]
			push = min(push, ed.cap-ed.flow)
		}
		for v := t; v != s; v = f.edges[prev[v]^1].to {
			f.edges[prev[v]].flow += push
			f.edges[prev[v]^1].flow -= push
		}
		added += push
	}
}
