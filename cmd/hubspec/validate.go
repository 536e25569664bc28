package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/specs"
)

const validateHelp = `Validate reads every spec file under the paths (YAML scenarios, .yaml and .yml, and
Gherkin features, .feature; folders are walked for them) and reports everything
'hubspec run' would refuse, without a hub: syntax, unknown keys, undefined or
ambiguous steps, wrong types and impossible combinations (such as a reject asked of an
MQTT device), each on stderr as file:line:col: message (file:line: message for a
feature's steps). It exits 0 with a one-line summary when every file is valid, and 2
otherwise.

Flags (anywhere among the paths):
  --var NAME=VALUE   set a variable (repeatable); overrides the environment
  --tags EXPR        check the tag expression and count the scenarios it selects,
                     e.g. "@smoke and not @slow" or "@smoke && ~@slow"
  --hub CONNSTR      check for a real hub (Azure's fixed timings) instead of the
                     embedded one; IOTHUB_CONNECTION_STRING does the same. The hub
                     is not contacted and the string is never printed.
`

// validateRun is what one validation found.
type validateRun struct {
	files, scenarios, selected, badFiles int
	problems                             runner.Problems
}

func runValidate(_ context.Context, e *env, args []string) error {
	fs := newFlags("validate")
	vars := newVarFlag()
	fs.Var(vars, "var", "")
	tags := fs.String("tags", "", "")
	hub := fs.String("hub", "", "")
	paths, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return usagef("%v", err)
	case vars.err != nil:
		return usagef("%v", vars.err)
	case len(paths) == 0:
		return usagef("name at least one file or folder")
	}
	expr, err := runner.ParseTagExpr(*tags)
	if err != nil {
		return usagef("%v", err)
	}
	files, err := specs.Find(paths)
	if err != nil {
		return usagef("%v", err)
	}
	if len(files) == 0 {
		return usagef("no spec files (%s) under %s", strings.Join(specs.Extensions(), ", "), strings.Join(paths, " "))
	}
	opts := specs.Options{Vars: vars.vars, Env: e.lookupEnv, Check: runner.CheckOptions{RealHub: realHub(e, *hub)}}
	return reportValidation(e, validateFiles(files, opts, expr), *tags != "")
}

// realHub reports whether a hub connection string was given. Only its presence counts.
func realHub(e *env, flag string) bool {
	if flag != "" {
		return true
	}
	cs, ok := e.lookupEnv("IOTHUB_CONNECTION_STRING")
	return ok && cs != ""
}

func validateFiles(files []string, opts specs.Options, expr runner.TagExpr) validateRun {
	r := validateRun{files: len(files)}
	for _, f := range files {
		scenarios, err := specs.Load(f, opts)
		var ps runner.Problems
		switch {
		case errors.As(err, &ps):
			r.problems = append(r.problems, ps...)
			r.badFiles++
		case err != nil:
			r.problems.Add(runner.Pos{File: f}, "%v", err)
			r.badFiles++
		}
		for _, sc := range scenarios {
			r.scenarios++
			if expr.Match(sc.Tags) {
				r.selected++
			}
		}
	}
	return r
}

func reportValidation(e *env, r validateRun, tagged bool) error {
	if len(r.problems) > 0 {
		for _, p := range r.problems {
			fmt.Fprintln(e.stderr, p.Error())
		}
		fmt.Fprintf(e.stderr, "hubspec validate: %s in %d of %s\n", plural(len(r.problems), "problem"), r.badFiles, plural(r.files, "file"))
		return errInvalid
	}
	fmt.Fprintf(e.stdout, "hubspec validate: %s in %s, all valid", plural(r.scenarios, "scenario"), plural(r.files, "file"))
	if tagged {
		fmt.Fprintf(e.stdout, "; %d selected by --tags", r.selected)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
