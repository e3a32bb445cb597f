package auth

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestPassword(t *testing.T) {
	h, err := HashPassword("점심은도시락으로", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q: want the PHC form with its parameters", h)
	}
	h2, _ := HashPassword("점심은도시락으로", fast)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		pw, hash string
		want     error
	}{
		{"점심은도시락으로", h, nil},
		{"점심은도시락으로!", h, ErrMismatch},
		{"", h, ErrMismatch},
		{"점심은도시락으로", strings.Replace(h, "t=1", "t=2", 1), ErrMismatch}, // the stored parameters are the ones used
	}
	for _, tt := range tests {
		if err := VerifyPassword(tt.pw, tt.hash); !errors.Is(err, tt.want) {
			t.Errorf("VerifyPassword(%q) = %v, want %v", tt.pw, err, tt.want)
		}
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$a2V5", "plain"} {
		if err := VerifyPassword("x", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("VerifyPassword on %q = %v, want a malformed-hash error", bad, err)
		}
	}
}

func TestToken(t *testing.T) {
	tok, hash, err := NewToken(APITokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "sst_") || len(tok) != 4+43 {
		t.Errorf("token %q: want sst_ and 43 characters", tok)
	}
	if hash != HashToken(tok) || len(hash) != 64 || strings.Contains(hash, tok) {
		t.Errorf("hash %q of %q", hash, tok)
	}
	if !ValidCSRF(tok, CSRFToken(tok)) || ValidCSRF(tok, CSRFToken(tok+"x")) || ValidCSRF(tok, "") {
		t.Error("CSRF token not bound to its session")
	}
}

func TestBusinessNo(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"124-81-00998", "1248100998", true}, // 삼성전자
		{"220-81-62517", "2208162517", true}, // 네이버
		{"120-81-47521", "1208147521", true}, // 카카오
		{"102-81-42945", "1028142945", true}, // KT
		{"1248100998", "1248100998", true},
		{"124-81-00997", "", false}, // check digit off by one
		{"124-81-0099", "", false},
		{"124-8100-998", "", false},
		{"12a-81-00998", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := BusinessNo(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("BusinessNo(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestAuthorize(t *testing.T) {
	admin := &Principal{UserID: "u1", Memberships: []Membership{{Role: Admin}}}
	manager := &Principal{UserID: "u2", Memberships: []Membership{{Org: "kt", Role: Manager}}}
	staff := &Principal{UserID: "u3", Memberships: []Membership{{Org: "kt", Role: Staff}}}
	auditor := &Principal{UserID: "u4", Memberships: []Membership{{Org: "bai", Role: Auditor}}}
	jury := &Principal{UserID: "u5", Memberships: []Membership{{Org: "kt", Role: Jury}}}
	tests := []struct {
		name string
		p    *Principal
		act  Action
		orgs []string
		want error
	}{
		{"anonymous", nil, AccountCreate, []string{"kt"}, ErrUnauthenticated},
		{"admin anywhere", admin, TransferCreate, []string{"shop"}, nil},
		{"admin grants admin", admin, GrantAction(Admin), []string{""}, nil},
		{"manager grants admin", manager, GrantAction(Admin), []string{""}, ErrForbidden},
		{"manager grants staff at home", manager, GrantAction(Staff), []string{"kt"}, nil},
		{"manager grants staff elsewhere", manager, GrantAction(Staff), []string{"lg"}, ErrForbidden},
		{"manager grants auditor", manager, GrantAction(Auditor), []string{"kt"}, ErrForbidden},
		{"manager opens an account at home", manager, AccountCreate, []string{"kt"}, nil},
		{"staff opens an account", staff, AccountCreate, []string{"kt"}, ErrForbidden},
		{"staff spends at home", staff, TransferCreate, []string{"kt"}, nil},
		{"staff spends elsewhere", staff, TransferCreate, []string{"lg"}, ErrForbidden},
		{"auditor reads any account", auditor, AccountRead, []string{"kt"}, nil},
		{"auditor writes", auditor, TransferCreate, []string{"bai"}, ErrForbidden},
		{"auditor checks", auditor, LedgerCheck, nil, nil},
		{"staff checks", staff, LedgerCheck, nil, ErrForbidden},
		{"jury reads accounts", jury, AccountRead, []string{"kt"}, ErrForbidden},
		{"jury makes a token", jury, TokenCreate, nil, nil},
		{"unknown action", admin, Action("nuke"), nil, ErrForbidden},
		{"manager creates an org", manager, OrgCreate, nil, ErrForbidden},
	}
	for _, tt := range tests {
		if err := Authorize(tt.p, tt.act, tt.orgs...); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("%s: Authorize = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	th := NewThrottle(func() time.Time { return now })
	th.Free, th.Base, th.Max = 2, time.Second, 5*time.Second
	steps := []struct {
		advance time.Duration
		fail    bool
		succeed bool
		wait    time.Duration
		ok      bool
	}{
		{0, true, false, 0, true},                          // 1st failure: free
		{0, true, false, 0, true},                          // 2nd: free
		{0, true, false, time.Second, false},               // 3rd: 1 s
		{time.Second, true, false, 2 * time.Second, false}, // 4th: 2 s
		{2 * time.Second, true, false, 4 * time.Second, false},
		{4 * time.Second, true, false, 5 * time.Second, false}, // capped
		{5 * time.Second, false, true, 0, true},                // a success clears
		{0, true, false, 0, true},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if _, ok := th.Allow("a@kt.com|10.0.0.1"); !ok {
			t.Fatalf("step %d: refused before trying", i)
		}
		if s.fail {
			th.Fail("a@kt.com|10.0.0.1")
		}
		if s.succeed {
			th.Succeed("a@kt.com|10.0.0.1")
		}
		wait, ok := th.Allow("a@kt.com|10.0.0.1")
		if wait != s.wait || ok != s.ok {
			t.Errorf("step %d: Allow = %s, %v; want %s, %v", i, wait, ok, s.wait, s.ok)
		}
		if _, ok := th.Allow("a@kt.com|10.0.0.2"); !ok {
			t.Errorf("step %d: another address is throttled too", i)
		}
	}
}
