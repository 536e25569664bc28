package steps

import (
	"fmt"
	"regexp"
	"slices"
)

// Kind says where in a scenario a step may stand.
type Kind int

// The kinds of step. Setup steps describe the world the scenario starts in, so they
// come before its first action or expectation (the Background is the usual place).
const (
	Setup       Kind = iota // the fleet, device behaviour, hub settings, variables, deadlines
	Message                 // a message described for a later send
	Action                  // changes the world: send, connect, disconnect, purge, wait
	Expectation             // what must hold, within a deadline
)

// Argument is what a step takes below its line.
type Argument int

// The arguments a step can take.
const (
	NoArgument    Argument = iota
	Table                  // a data table
	DocString              // a doc string
	OptionalTable          // a data table, or nothing
)

// Definition is one step of the library: how it is phrased, what it means, and an
// example. The catalogue of definitions is the one source from which godog's step
// registrations, `hubspec steps` and docs/steps.md are all made.
type Definition struct {
	// Section groups the definition in the catalogue.
	Section string
	// Phrase is how the step is written: literal words, {placeholders} (one argument
	// each, listed by Placeholders), [optional parts] and (alternative|wordings).
	Phrase string
	// Kind says where the step may stand; Argument what it takes below its line.
	Kind     Kind
	Argument Argument
	// Description says what the step means, for people.
	Description string
	// Example is the step as a user writes it, with its table or doc string lines.
	Example string

	build    func(c *call)
	re       *regexp.Regexp
	names    []string // the placeholders, in order: one captured argument each
	shortest string   // the phrase at its shortest, with sample values
}

// Placeholder is one kind of argument phrases take.
type Placeholder struct {
	Name string // as phrases write it, without braces
	Doc  string // what a user may write
}

// catalogue is every definition, compiled, in the order of the docs.
var catalogue = compileCatalogue(slices.Concat(fleetSteps, behaviourSteps, hubSteps, messageSteps, actionSteps, receiveSteps, feedbackSteps, otherExpectSteps))

func compileCatalogue(defs []Definition) []*Definition {
	out := make([]*Definition, len(defs))
	for i := range defs {
		def := defs[i]
		re, names, err := compilePhrase(def.Phrase)
		if err != nil {
			panic(fmt.Sprintf("steps: %v", err))
		}
		if len(names) > maxArgs {
			panic(fmt.Sprintf("steps: phrase %q has %d placeholders; a step takes at most %d", def.Phrase, len(names), maxArgs))
		}
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				panic(fmt.Sprintf("steps: phrase %q uses {%s} twice", def.Phrase, n))
			}
			seen[n] = true
		}
		def.re, def.names, def.shortest = re, names, shortest(def.Phrase)
		out[i] = &def
	}
	return out
}

// Catalogue returns every step definition, in the order of docs/steps.md.
func Catalogue() []Definition {
	out := make([]Definition, len(catalogue))
	for i, def := range catalogue {
		out[i] = *def
	}
	return out
}

// Placeholders returns every placeholder phrases use, in the order of docs/steps.md.
func Placeholders() []Placeholder {
	out := make([]Placeholder, len(placeholders))
	for i, p := range placeholders {
		out[i] = Placeholder{Name: p.name, Doc: p.doc}
	}
	return out
}
