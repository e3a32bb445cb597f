package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// cli runs a command with stdin and returns its exit code and output.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Getenv: envOf(), Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(context.Background(), env, args[1:])
			if err != nil {
				errOut.WriteString(err.Error())
				return 1, out.String(), errOut.String()
			}
			return 0, out.String(), errOut.String()
		}
	}
	t.Fatalf("no command %s", args[0])
	return 0, "", ""
}

func TestOrgsAndUsers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.duckdb")
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		output string // in stdout on success, stderr on failure
	}{
		{"first admin", "correct horse battery\n", []string{"users", "add", "--db", db, "--email", "Root@Example.com", "--role", "admin", "--password-stdin"}, 0, "(admin in the installation)"},
		{"admin with an org", "correct horse battery\n", []string{"users", "add", "--db", db, "--email", "x@example.com", "--org", "kt", "--role", "admin", "--password-stdin"}, 1, "admin is the installation's"},
		{"no --password-stdin", "", []string{"users", "add", "--db", db, "--email", "y@example.com", "--role", "admin"}, 1, "--password-stdin: required"},
		{"short password", "short\n", []string{"users", "add", "--db", db, "--email", "y@example.com", "--role", "admin", "--password-stdin"}, 1, "at least 10"},
		{"operator", "", []string{"orgs", "add", "--db", db, "--id", "kt", "--kind", "operator", "--name", "KT"}, 0, "added operator kt (KT)"},
		{"merchant with a bad number", "", []string{"orgs", "add", "--db", db, "--id", "m1", "--kind", "merchant", "--name", "김밥", "--business-no", "124-81-00997"}, 1, "check digit"},
		{"merchant", "", []string{"orgs", "add", "--db", db, "--id", "m1", "--kind", "merchant", "--name", "김밥", "--business-no", "124-81-00998", "--lon", "126.97", "--lat", "37.57"}, 0, "added merchant m1"},
		{"merchant with an industry", "", []string{"orgs", "add", "--db", db, "--id", "m2", "--kind", "merchant", "--name", "떡집", "--business-no", "124-81-00998", "--industry", "CS100001"}, 0, "added merchant m2"},
		{"merchant with a bad industry", "", []string{"orgs", "add", "--db", db, "--id", "m3", "--kind", "merchant", "--name", "떡집", "--business-no", "124-81-00998", "--industry", "chicken"}, 1, "industry \"chicken\""},
		{"manager of kt", "another long secret\n", []string{"users", "add", "--db", db, "--email", "kim@kt.com", "--name", "김", "--org", "kt", "--role", "manager", "--password-stdin"}, 0, "(manager in kt)"},
		{"member of an unknown org", "another long secret\n", []string{"users", "add", "--db", db, "--email", "lee@kt.com", "--org", "nope", "--role", "staff", "--password-stdin"}, 1, "org nope: not found"},
		{"same email", "another long secret\n", []string{"users", "add", "--db", db, "--email", "KIM@kt.com", "--org", "kt", "--role", "staff", "--password-stdin"}, 1, "already exists"},
		{"bad expiry", "", []string{"users", "token", "--db", db, "--email", "kim@kt.com", "--expires", "90"}, 1, "want days"},
	}
	for _, tt := range tests {
		code, stdout, stderr := cli(t, tt.stdin, tt.args...)
		got := stdout
		if tt.code != 0 {
			got = stderr
		}
		if code != tt.code || !strings.Contains(got, tt.output) {
			t.Errorf("%s: exit %d, output %q %q; want %d and %q", tt.name, code, stdout, stderr, tt.code, tt.output)
		}
	}
	code, stdout, stderr := cli(t, "", "users", "token", "--db", db, "--email", "kim@kt.com", "--expires", "7d")
	if code != 0 {
		t.Fatalf("users token: %s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	token := lines[len(lines)-1]
	if !strings.HasPrefix(token, "sst_") || strings.Contains(token, " ") {
		t.Fatalf("last line %q: want the token alone", token)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.TokenUser(context.Background(), auth.HashToken(token), time.Now())
	if err != nil || u.Email != "kim@kt.com" || u.Memberships[0] != (auth.Membership{Org: "kt", Role: auth.Manager}) {
		t.Errorf("the token signs in as %+v, %v", u, err)
	}
	if _, err := s.TokenUser(context.Background(), auth.HashToken(token), time.Now().Add(8*24*time.Hour)); err == nil {
		t.Error("a 7-day token still works after 8 days")
	}
	if _, hash, err := s.UserByEmail(context.Background(), "root@example.com"); err != nil || auth.VerifyPassword("correct horse battery", hash) != nil {
		t.Errorf("the admin's password from stdin does not verify: %v", err)
	}
	if o, err := s.Org(context.Background(), "m2"); err != nil || o.Industry == nil || *o.Industry != "CS100001" {
		t.Errorf("m2's industry: %+v, %v", o, err)
	}
	entries, err := s.AuditLog(context.Background(), 0, 100)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if want := "cli users add,cli orgs add,cli orgs add,cli orgs add,cli users add,cli users token"; err != nil || strings.Join(actions, ",") != want {
		t.Errorf("audit log %v, %v; want %s", actions, err, want)
	}
}
