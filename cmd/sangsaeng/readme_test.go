package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// readmeCommand is one command of a ```sh block of the README, with the
// line it starts on.
type readmeCommand struct {
	line int
	args []string
}

// readmeBlocks returns the commands of every ```sh block of the README,
// continuation lines joined and comments dropped.
func readmeBlocks(t *testing.T) [][]readmeCommand {
	t.Helper()
	f, err := os.Open("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks [][]readmeCommand
	var cur []readmeCommand
	in, n, start := false, 0, 0
	var pending string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case !in && strings.TrimSpace(line) == "```sh":
			in, cur = true, nil
			continue
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, cur)
			continue
		case !in:
			continue
		}
		if pending == "" {
			start = n
		}
		if s, ok := strings.CutSuffix(line, `\`); ok {
			pending += s + " "
			continue
		}
		words, err := shellWords(pending + line)
		pending = ""
		if err != nil {
			t.Fatalf("README.md:%d: %v", start, err)
		}
		if len(words) > 0 {
			cur = append(cur, readmeCommand{start, words})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if in {
		t.Fatalf("README.md: a ```sh block is not closed")
	}
	return blocks
}

// shellWords splits a command line as sh would for the README's commands:
// words separated by blanks, '…' and "…" quoting, # starting a comment.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				w.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return words, nil
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errUnclosedQuote
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

var errUnclosedQuote = errors.New("a quote is not closed")

// sangsaengArgs returns the arguments of a README command that runs
// sangsaeng (sangsaeng …, ./sangsaeng … or go run ./cmd/sangsaeng …).
func sangsaengArgs(words []string) ([]string, bool) {
	switch {
	case words[0] == "sangsaeng" || words[0] == "./sangsaeng":
		return words[1:], true
	case len(words) > 2 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/sangsaeng":
		return words[3:], true
	}
	return nil, false
}

// TestReadmeCommands runs the commands of the README's ```sh blocks as
// written, each block in a fresh folder: sangsaeng's through run(), with a
// server (serve, demo) kept up for the curl commands that follow it. Blocks
// that need the published files run where SANGSAENG_SEOUL_DATA names them:
// the folder holds them as published/, and ~/Downloads/seoul/ stands for the
// files a user downloads from the portal (the published folder without the
// legacy code set, the third-party boundaries and the 100-row samples). A
// block that exports SANGSAENG_DB runs on a fresh PostgreSQL database of
// SANGSAENG_TEST_PG's server, and is skipped without one.
func TestReadmeCommands(t *testing.T) {
	noDefaultDB(t)
	blocks := readmeBlocks(t)
	seoulData := ""
	if v := os.Getenv(seoultest.Env); v != "" {
		seoulData = seoultest.Dir(t, "run the README's commands on the published files")
	}
	getenv := envOf("SANGSAENG_ADDR", "127.0.0.1:0", "SANGSAENG_PROGRESS", "never")
	var srv *server
	ran := 0
	for _, block := range blocks {
		var cmds []readmeCommand
		needsData, postgres := false, false
		for _, c := range block {
			// A block that exports SANGSAENG_DB runs on PostgreSQL.
			postgres = postgres || c.args[0] == "export" && len(c.args) > 1 && strings.HasPrefix(c.args[1], "SANGSAENG_DB=")
			if args, ok := sangsaengArgs(c.args); ok {
				cmds = append(cmds, readmeCommand{c.line, args})
				for _, a := range args {
					needsData = needsData || strings.HasPrefix(a, "published/") || strings.HasPrefix(a, "~/")
				}
			} else if c.args[0] == "curl" {
				cmds = append(cmds, c)
			}
		}
		if len(cmds) == 0 {
			continue
		}
		if needsData && seoulData == "" {
			t.Logf("README.md:%d: skipped, %s not set", cmds[0].line, seoultest.Env)
			continue
		}
		env := getenv
		if postgres {
			if !storetest.Available() {
				t.Logf("README.md:%d: skipped, %s not set", cmds[0].line, storetest.EnvPG)
				continue
			}
			env = envOf("SANGSAENG_ADDR", "127.0.0.1:0", "SANGSAENG_PROGRESS", "never", "SANGSAENG_DB", storetest.Postgres(t))
		}
		dir := t.TempDir()
		if seoulData != "" {
			published := filepath.Join(seoulData, "published")
			if err := os.Symlink(published, filepath.Join(dir, "published")); err != nil {
				t.Fatal(err)
			}
			downloads := filepath.Join(dir, "downloads")
			if err := os.Mkdir(downloads, 0o755); err != nil {
				t.Fatal(err)
			}
			ents, err := os.ReadDir(published)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				n := e.Name()
				if strings.HasPrefix(n, "legacy_") || strings.Contains(n, "_sample") || strings.HasPrefix(n, "dong_boundaries") {
					continue
				}
				if err := os.Symlink(filepath.Join(published, n), filepath.Join(downloads, n)); err != nil {
					t.Fatal(err)
				}
			}
		}
		t.Chdir(dir)
		for _, c := range cmds {
			ran++
			where := "README.md:" + strconv.Itoa(c.line) + ": " + strings.Join(c.args, " ")
			if c.args[0] == "curl" {
				if srv == nil {
					t.Errorf("%s: no server runs before it", where)
					continue
				}
				url := c.args[len(c.args)-1]
				url = "http://" + strings.TrimPrefix(strings.Replace(url, "localhost:8080", strings.TrimPrefix(srv.url, "http://"), 1), "http://")
				resp, err := http.Get(url)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				var v any
				err = json.NewDecoder(resp.Body).Decode(&v)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || err != nil {
					t.Errorf("%s: status %d, JSON error %v; want 200 and JSON", where, resp.StatusCode, err)
				}
				continue
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.Replace(a, "~/Downloads/seoul", filepath.Join(dir, "downloads"), 1)
			}
			if args[0] == "serve" || args[0] == "demo" {
				if srv != nil {
					srv.stop(t)
				}
				srv = start(t, env, args...)
				continue
			}
			code, stdout, stderr := sangsaeng(t, env, args...)
			if code != 0 {
				t.Errorf("%s: exit %d; stdout:\n%s\nstderr:\n%s", where, code, stdout, stderr)
				continue
			}
			if args[0] == "reconcile" && !strings.Contains(stdout, "696 in both with every measure equal") {
				t.Errorf("%s: the README says all 696 slices in both releases are equal; it printed:\n%s", where, stdout)
			}
		}
	}
	if srv != nil {
		if code := srv.stop(t); code != 0 {
			t.Errorf("the README's server exited %d; stderr:\n%s", code, srv.stderr)
		}
	}
	if ran == 0 {
		t.Errorf("found no command to run in the README's ```sh blocks")
	}
	t.Logf("ran %d commands of the README", ran)
}
