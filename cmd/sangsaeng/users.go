package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// runUsers is `sangsaeng users add` and `sangsaeng users token`.
func runUsers(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return runUsersAdd(ctx, env, args[1:])
		case "token":
			return runUsersToken(ctx, env, args[1:])
		}
	}
	fmt.Fprintln(env.Stderr, "Usage: sangsaeng users add --email E [--name N] [--org ORG] --role ROLE --password-stdin\n       sangsaeng users token --email E [--expires 90d]")
	return errUsage
}

// runUsersAdd adds a user with one role; without --org the role must be
// admin, which is how an installation gets its first admin.
func runUsersAdd(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "users add", "", &cfg, "db")
	email := fs.String("email", "", "email, the sign-in name")
	name := fs.String("name", "", "name")
	org := fs.String("org", "", "organisation id; none for admin")
	roleName := fs.String("role", "", "admin, manager, staff, merchant, supplier, jury or auditor")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*fromStdin {
		return errors.New("--password-stdin: required (a password never goes on the command line)")
	}
	role, err := auth.ParseRole(*roleName)
	if err != nil {
		return err
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("password: read standard input: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	u := &store.User{Email: strings.ToLower(strings.TrimSpace(*email)), Name: *name, Memberships: []auth.Membership{{Org: *org, Role: role}}}
	if err := u.Validate(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, u, hash); err != nil {
		return err
	}
	if err := auditCLI(ctx, db, "users add", "/api/v1/users/"+u.ID); err != nil {
		return err
	}
	where := "the installation"
	if *org != "" {
		where = *org
	}
	fmt.Fprintf(env.Stdout, "added user %s (%s in %s)\n", u.ID, role, where)
	return nil
}

// runUsersToken makes an API token for a user and prints it, once, alone
// on the last line.
func runUsersToken(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "users token", "", &cfg, "db")
	email := fs.String("email", "", "the user's email")
	expires := fs.String("expires", "90d", "life of the token in days, e.g. 30d (at most 366d)")
	if err := parse(fs, args); err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSuffix(*expires, "d"))
	if err != nil || !strings.HasSuffix(*expires, "d") || days < 1 || days > 366 {
		return fmt.Errorf("--expires %q: want days such as 90d, 1d–366d", *expires)
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, _, err := db.UserByEmail(ctx, *email)
	if err != nil {
		return err
	}
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return err
	}
	t, err := db.CreateToken(ctx, hash, u.ID, db.Now().Add(time.Duration(days)*24*time.Hour))
	if err != nil {
		return err
	}
	if err := auditCLI(ctx, db, "users token", "/api/v1/auth/tokens/"+t.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "token %s for %s, expires %s; shown once:\n%s\n", t.ID, u.ID, t.ExpiresAt.Format(time.RFC3339), token)
	return nil
}
