package effect

import (
	"math"
	"testing"
)

// Matching on pre-period level and trend picks controls like the treated:
// the standardised differences shrink, and the matched panel holds the
// treated and ratio controls for each.
func TestMatchPanel(t *testing.T) {
	spec := merchants(1_000_000, 0, 4)
	spec.Units = 1000
	spec.Selection = 8_000_000 // treated merchants much larger
	p, err := Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	m, err := MatchPanel(p, 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kept != 150 || m.Of != 850 || len(m.Panel.First) != 300 {
		t.Fatalf("kept %d of %d controls, panel of %d units: want 150 of 850, 300", m.Kept, m.Of, len(m.Panel.First))
	}
	lvl := m.Balance[0]
	if lvl.SMDBefore < 0.5 || math.Abs(lvl.SMDAfter) > math.Abs(lvl.SMDBefore)/2 {
		t.Errorf("level SMD %.3f before, %.3f after: want a large gap at least halved", lvl.SMDBefore, lvl.SMDAfter)
	}
	res, err := CallawaySantAnna(m.Panel, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.CI[0] > 1_000_000 || res.CI[1] < 1_000_000 {
		t.Errorf("matched estimate %.0f, interval %v: want it to cover 1,000,000", res.ATT, res.CI)
	}
	if _, err := MatchPanel(p, 1, Options{MinUnits: 200}); err == nil {
		t.Errorf("150 matched controls with k = 200: want a refusal")
	}
}
