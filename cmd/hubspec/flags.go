package main

import (
	"flag"
	"io"
	"slices"

	"github.com/hubspec/hubspec/runner"
)

// newFlags returns a flag set that reports errors to its caller rather than printing.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseArgs parses flags wherever they stand among the arguments (GNU style) and
// returns the others in order; everything after "--" is an argument.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(positional, rest...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// varFlag collects repeated --var NAME=VALUE flags. A malformed one is kept as an
// error for after parsing: the flag package would quote the raw argument, which may
// hold a secret.
type varFlag struct {
	vars map[string]string
	err  error
}

func newVarFlag() *varFlag { return &varFlag{vars: map[string]string{}} }

func (v *varFlag) String() string { return "" }

func (v *varFlag) Set(arg string) error {
	name, value, err := runner.ParseVarFlag(arg)
	if err != nil {
		v.err = err
		return nil
	}
	v.vars[name] = value
	return nil
}
