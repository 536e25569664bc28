package main

import (
	"context"
	"fmt"
)

// runHelp prints hubspec's usage, or one command's.
func runHelp(_ context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return usagef("want at most one command name")
	}
	if len(args) == 0 {
		writeUsage(e.stdout)
		return nil
	}
	cmd, ok := lookup(args[0])
	if !ok {
		return usagef("unknown command %q", args[0])
	}
	fmt.Fprintf(e.stdout, "usage: hubspec %s %s\n\n%s.\n", cmd.name, cmd.args, cmd.summary)
	if cmd.help != "" {
		fmt.Fprintf(e.stdout, "\n%s", cmd.help)
	}
	return nil
}
