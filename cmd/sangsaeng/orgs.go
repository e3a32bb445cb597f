package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// runOrgs is `sangsaeng orgs add`.
func runOrgs(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(env.Stderr, "Usage: sangsaeng orgs add --kind K --name N [--id ID] [--business-no B] [--lon X --lat Y] [--industry CS100001] [--db FILE]")
		return errUsage
	}
	var cfg Config
	fs := flagSet(env, "orgs add", "", &cfg, "db")
	id := fs.String("id", "", "organisation id: a-z, 0-9, _ and -; generated if empty")
	kind := fs.String("kind", "", "operator, merchant, supplier or public")
	name := fs.String("name", "", "name, e.g. 광화문 김밥")
	bn := fs.String("business-no", "", "사업자등록번호, e.g. 124-81-00998 (merchant and supplier)")
	lon := fs.String("lon", "", "longitude, WGS84")
	lat := fs.String("lat", "", "latitude, WGS84")
	industry := fs.String("industry", "", "what a merchant sells: a 서비스 업종 code, e.g. CS100001 (for targeting)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	o := &store.Org{ID: *id, Kind: *kind, Name: *name}
	if *industry != "" {
		o.Industry = industry
	}
	if *lon != "" || *lat != "" {
		x, errx := strconv.ParseFloat(*lon, 64)
		y, erry := strconv.ParseFloat(*lat, 64)
		if err := errors.Join(errx, erry); err != nil {
			return fmt.Errorf("--lon, --lat: want both, as decimal degrees")
		}
		o.Lon, o.Lat = &x, &y
	}
	if err := o.Validate(*bn); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := httpapi.PlaceOrg(ctx, db, o); err != nil {
		return err
	}
	if err := db.CreateOrg(ctx, o); err != nil {
		return err
	}
	if err := auditCLI(ctx, db, "orgs add", "/api/v1/orgs/"+o.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added %s %s (%s)", o.Kind, o.ID, o.Name)
	if o.DistrictCode != nil {
		fmt.Fprintf(env.Stdout, " in 상권 %s, 행정동 %s", *o.DistrictCode, *o.DongCode)
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

// auditCLI records a write made from the command line in the audit log:
// no user (the operator of the machine), action "cli <command>", a fresh
// request id.
func auditCLI(ctx context.Context, db *store.DB, command, resource string) error {
	b := make([]byte, 8)
	rand.Read(b)
	return db.Audit(ctx, store.AuditEntry{At: db.Now(), Action: "cli " + command, Resource: resource, Status: 201, RequestID: "cli-" + hex.EncodeToString(b)})
}
