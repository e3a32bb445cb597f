package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// checkDemoPrograms checks, on a running demo s, what seedPrograms made:
// every printed sign-in signs in, each program's report equals its ledger,
// and the prepayment's effect endpoint finds the effect put in (its 95%
// interval covers demoEffect).
func checkDemoPrograms(t *testing.T, s *server) {
	t.Helper()
	var ids []string
	var signIns [][3]string // role, email, password
	sc := bufio.NewScanner(strings.NewReader(s.before))
	inSignIns := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "demo programs of "):
			for _, f := range strings.Fields(line) {
				if strings.HasPrefix(f, "p") && len(f) == 13 {
					ids = append(ids, f)
				}
			}
		case strings.HasPrefix(line, "sign in to try"):
			inSignIns = true
		case inSignIns && strings.HasPrefix(line, "  "):
			f := strings.Fields(line)
			signIns = append(signIns, [3]string{f[0], f[1], f[2]})
		default:
			inSignIns = false
		}
	}
	if len(ids) != 3 {
		t.Fatalf("the demo printed %d program ids, want 3:\n%s", len(ids), s.before)
	}
	roles := map[string]*http.Client{}
	for _, si := range signIns {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		body, _ := json.Marshal(map[string]string{"email": si[1], "password": si[2]})
		resp, err := c.Post(s.url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("sign-in of %s (%s): status %d", si[0], si[1], resp.StatusCode)
		}
		roles[si[0]] = c
	}
	for _, r := range []string{"admin", "manager", "staff", "merchant", "auditor"} {
		if roles[r] == nil {
			t.Fatalf("no sign-in printed for %s:\n%s", r, s.before)
		}
	}
	get := func(role, path string, v any) int {
		t.Helper()
		resp, err := roles[role].Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusOK && v != nil {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		return resp.StatusCode
	}
	for _, id := range ids {
		var rep struct {
			LedgerBalanced bool  `json:"ledger_balanced"`
			Spent          int64 `json:"spent"`
		}
		if code := get("manager", "/api/v1/programs/"+id+"/report", &rep); code != http.StatusOK || !rep.LedgerBalanced || rep.Spent <= 0 {
			t.Errorf("program %s: report status %d, ledger balanced %v, spent %d: want a balanced ledger and money spent", id, code, rep.LedgerBalanced, rep.Spent)
		}
	}
	var eff struct {
		Treated  int `json:"treated"`
		Relative struct {
			ATT, Lo, Hi float64
		} `json:"relative"`
		SummaryKo string `json:"summary_ko"`
	}
	if code := get("manager", "/api/v1/programs/"+ids[0]+"/effect", &eff); code != http.StatusOK {
		t.Fatalf("effect of %s: status %d", ids[0], code)
	}
	if eff.Treated != demoPrepaid || eff.Relative.Lo > demoEffect || eff.Relative.Hi < demoEffect {
		t.Errorf("effect of the prepayment: %d treated, %.4f [%.4f, %.4f]; want %d treated and an interval covering %g",
			eff.Treated, eff.Relative.ATT, eff.Relative.Lo, eff.Relative.Hi, demoPrepaid, demoEffect)
	}
	if !strings.Contains(eff.SummaryKo, fmt.Sprintf("가맹점 %d곳", demoPrepaid)) {
		t.Errorf("summary %q", eff.SummaryKo)
	}
	if code := get("staff", "/api/v1/programs/"+ids[0]+"/effect", nil); code != http.StatusForbidden {
		t.Errorf("the staff's effect request: status %d, want 403", code)
	}
}
