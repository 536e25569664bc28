package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = ""

// runVersion prints the version, from the build when no release set one.
func runVersion(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("takes no arguments")
	}
	fmt.Fprintf(e.stdout, "hubspec %s %s\n", buildVersion(), runtime.Version())
	return nil
}

func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
