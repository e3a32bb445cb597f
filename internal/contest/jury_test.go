package contest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestConflict(t *testing.T) {
	e := Entry{ID: "e1", Supplier: "org-a", BusinessNo: "123-45-67890"}
	tests := []struct {
		name  string
		judge Judge
		want  string
	}{
		{"member", Judge{ID: "j", Orgs: []string{"org-x", "org-a"}}, "member of the supplier's organisation"},
		{"business no with other punctuation", Judge{ID: "j", BusinessNos: []string{"1234567890"}}, "same 사업자등록번호"},
		{"declared entry", Judge{ID: "j", Declared: []string{"e1"}}, "declared conflict"},
		{"declared supplier", Judge{ID: "j", Declared: []string{"org-a"}}, "declared conflict"},
		{"none", Judge{ID: "j", Orgs: []string{"org-b"}, BusinessNos: []string{"123-45-67891"}, Declared: []string{"e2"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, c := Conflict(tt.judge, e)
			if got != tt.want || c != (tt.want != "") {
				t.Errorf("Conflict = %q, %v; want %q", got, c, tt.want)
			}
		})
	}
	if _, c := Conflict(Judge{BusinessNos: []string{""}}, Entry{ID: "e"}); c {
		t.Error("an empty 사업자등록번호 matched an empty one")
	}
}

// checkAssignment fails unless every entry has per distinct judges, none
// in conflict, and returns the loads' spread (max − min over all judges).
func checkAssignment(t *testing.T, a Assignment, entries []Entry, judges []Judge, per int) int {
	t.Helper()
	byID := map[string]Judge{}
	for _, j := range judges {
		byID[j.ID] = j
	}
	for _, e := range entries {
		js := a[e.ID]
		if len(js) != per {
			t.Fatalf("entry %s has judges %v, want %d", e.ID, js, per)
		}
		sorted := slices.Clone(js)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != per {
			t.Fatalf("entry %s has a judge twice: %v", e.ID, js)
		}
		for _, j := range js {
			if why, c := Conflict(byID[j], e); c {
				t.Fatalf("entry %s assigned to %s despite a conflict (%s)", e.ID, j, why)
			}
		}
	}
	loads := a.Loads()
	lo, hi := len(entries), 0
	for _, j := range judges {
		lo, hi = min(lo, loads[j.ID]), max(hi, loads[j.ID])
	}
	return hi - lo
}

func TestAssignJury(t *testing.T) {
	entries := []Entry{
		{ID: "e1", Supplier: "o1", BusinessNo: "111-11-11111"},
		{ID: "e2", Supplier: "o2", BusinessNo: "222-22-22222"},
		{ID: "e3", Supplier: "o3", BusinessNo: "333-33-33333"},
		{ID: "e4", Supplier: "o1", BusinessNo: "111-11-11111"},
	}
	judges := []Judge{
		{ID: "j1", Orgs: []string{"o1"}},                // not e1, e4
		{ID: "j2", BusinessNos: []string{"2222222222"}}, // not e2
		{ID: "j3", Declared: []string{"e3"}},            // not e3
		{ID: "j4"},
	}
	// 4 entries × 2 judges over 4 judges: each judge exactly 2.
	a, err := AssignJury(entries, judges, 2)
	if err != nil {
		t.Fatal(err)
	}
	if spread := checkAssignment(t, a, entries, judges, 2); spread != 0 {
		t.Errorf("loads %v, want 2 each", a.Loads())
	}
	// 4 × 3 = 12 over 4: 3 each; j1 can only take e2, e3 → infeasible balance,
	// but every entry still gets 3 judges.
	a, err = AssignJury(entries, judges, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, a, entries, judges, 3)
	// The other 10 over three judges: the largest load can be no less than 4.
	loads := a.Loads()
	if loads["j1"] != 2 || max(loads["j2"], loads["j3"], loads["j4"]) != 4 {
		t.Errorf("loads = %v, want j1 2 (its only entries without a conflict) and at most 4", loads)
	}
}

// TestAssignJuryBalancesAroundConflicts: taking judges first-come would
// give e1 to j1 and leave e2 (which j2 may not judge) to j1 as well; the
// flow moves e1 to j2.
func TestAssignJuryBalancesAroundConflicts(t *testing.T) {
	entries := []Entry{{ID: "e1", Supplier: "o1"}, {ID: "e2", Supplier: "o2"}}
	judges := []Judge{{ID: "j1"}, {ID: "j2", Orgs: []string{"o2"}}}
	a, err := AssignJury(entries, judges, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := Assignment{"e1": {"j2"}, "e2": {"j1"}}
	for e, js := range want {
		if !slices.Equal(a[e], js) {
			t.Errorf("entry %s: judges %v, want %v", e, a[e], js)
		}
	}
}

func TestAssignJuryInfeasible(t *testing.T) {
	entries := []Entry{{ID: "e1", Supplier: "o1"}, {ID: "e2", Supplier: "o2"}}
	judges := []Judge{{ID: "j1", Orgs: []string{"o2"}}, {ID: "j2"}, {ID: "j3", Declared: []string{"e2"}}}
	_, err := AssignJury(entries, judges, 2)
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != CodeJuryInfeasible || ce.Entry != "e2" {
		t.Fatalf("error = %v, want jury_infeasible naming e2", err)
	}
	for _, bad := range []struct {
		name    string
		entries []Entry
		judges  []Judge
		per     int
	}{
		{"per_entry 0", entries, judges, 0},
		{"judge twice", entries, []Judge{{ID: "j"}, {ID: "j"}}, 1},
		{"entry twice", []Entry{{ID: "e"}, {ID: "e"}}, judges, 1},
		{"too few judges", entries, []Judge{{ID: "j"}}, 2},
	} {
		if _, err := AssignJury(bad.entries, bad.judges, bad.per); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
}

// TestAssignJuryRandom: on seeded random juries, assignments are valid,
// and balanced (spread ≤ 1) when there is no conflict.
func TestAssignJuryRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		E, J := 1+r.IntN(40), 2+r.IntN(12)
		per := 1 + r.IntN(min(J, 4))
		conflicts := n%2 == 1
		entries := make([]Entry, E)
		for i := range entries {
			entries[i] = Entry{ID: fmt.Sprintf("e%02d", i), Supplier: fmt.Sprintf("o%d", r.IntN(8))}
		}
		judges := make([]Judge, J)
		for k := range judges {
			judges[k] = Judge{ID: fmt.Sprintf("j%02d", k)}
			if conflicts && r.IntN(3) == 0 {
				judges[k].Orgs = []string{fmt.Sprintf("o%d", r.IntN(8))}
			}
		}
		a, err := AssignJury(entries, judges, per)
		if err != nil {
			var ce *Error
			if conflicts && errors.As(err, &ce) && ce.Code == CodeJuryInfeasible {
				continue
			}
			t.Fatalf("case %d: %v", n, err)
		}
		if spread := checkAssignment(t, a, entries, judges, per); !conflicts && spread > 1 {
			t.Fatalf("case %d (%d entries × %d over %d judges): loads %v, spread %d", n, E, per, J, a.Loads(), spread)
		}
	}
}
