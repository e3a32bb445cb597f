package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// the module version from the build info is used.
var version = ""

func runVersion(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "version", "", &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "sangsaeng %s\n", buildVersion())
	return nil
}

// buildVersion is sangsaeng's version: the -X value, else the module
// version and VCS revision from the build info, else "(devel)".
func buildVersion() string {
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && v == "" {
		v = info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				v += " " + s.Value
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	return v
}
