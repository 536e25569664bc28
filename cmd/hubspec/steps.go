package main

import (
	"context"

	"github.com/hubspec/hubspec/steps"
)

const stepsHelp = `Steps prints the Gherkin step library: every step a .feature may use, by section,
with what it means and an example, then the placeholders and message fields. Words
after the flags keep only the steps that mention all of them (any case), such as
'hubspec steps feedback'. docs/steps.md is written from the same catalogue.

Flags:
  --markdown   print the catalogue as docs/steps.md has it
`

// runSteps prints the step catalogue.
func runSteps(_ context.Context, e *env, args []string) error {
	fs := newFlags("steps")
	markdown := fs.Bool("markdown", false, "")
	words, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return usagef("%v", err)
	case *markdown && len(words) > 0:
		return usagef("--markdown prints the whole catalogue; leave out the words")
	case *markdown:
		return steps.WriteMarkdown(e.stdout)
	}
	return steps.WriteText(e.stdout, words...)
}
