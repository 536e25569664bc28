package steps

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// match runs godog over the feature, once, with step functions that build each
// scenario's model instead of touching a hub: godog parses the file, matches every step
// against the catalogue's patterns (reporting undefined and ambiguous ones), and calls
// the matched definition with the arguments it captured. Its output is discarded.
func (l *loader) match(data []byte) {
	suite := godog.TestSuite{
		Name:                "hubspec",
		ScenarioInitializer: l.initScenario,
		Options: &godog.Options{
			Format:          silentFormat,
			Output:          io.Discard,
			NoColors:        true,
			Strict:          true, // report ambiguous steps
			Concurrency:     1,
			FeatureContents: []godog.Feature{{Name: l.name, Contents: data}},
		},
	}
	suite.Run()
}

// initScenario registers the hooks and every definition for one pickle.
func (l *loader) initScenario(sc *godog.ScenarioContext) {
	sc.Before(l.beforeScenario)
	sc.StepContext().Before(beforeStep)
	sc.StepContext().After(afterStep)
	for _, def := range l.defs {
		sc.Step(def.re, handler(def))
	}
}

type builderKey struct{}

func builderFrom(ctx context.Context) *builder {
	b, _ := ctx.Value(builderKey{}).(*builder)
	return b
}

// beforeScenario finds the builder of the pickle godog is about to run. The pickle must
// be the one this package compiled with the same id: positions come from that.
func (l *loader) beforeScenario(ctx context.Context, p *godog.Scenario) (context.Context, error) {
	b, ok := l.builders[p.Id]
	if !ok || !samePickle(b.pickle, p) {
		l.mismatch = true
		return ctx, nil
	}
	return context.WithValue(ctx, builderKey{}, b), nil
}

func samePickle(a, b *messages.Pickle) bool {
	return a.Name == b.Name && slices.EqualFunc(a.Steps, b.Steps, func(x, y *messages.PickleStep) bool {
		return x.Text == y.Text && slices.Equal(x.AstNodeIds, y.AstNodeIds)
	})
}

func beforeStep(ctx context.Context, st *godog.Step) (context.Context, error) {
	if b := builderFrom(ctx); b != nil {
		b.enter(b.doc.step(st))
	}
	return ctx, nil
}

func afterStep(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
	if b := builderFrom(ctx); b != nil {
		b.leave(status, err)
	}
	return ctx, nil
}

// maxArgs is the most placeholders a phrase may have: handler has a function for each
// number of arguments up to it.
const maxArgs = 6

// handler is the step function godog calls for def, with one string per placeholder.
func handler(def *Definition) any {
	run := func(ctx context.Context, args ...string) (context.Context, error) {
		if b := builderFrom(ctx); b != nil {
			b.run(def, args)
		}
		return ctx, nil
	}
	type result = context.Context
	switch len(def.names) {
	case 0:
		return func(ctx context.Context) (result, error) { return run(ctx) }
	case 1:
		return func(ctx context.Context, a string) (result, error) { return run(ctx, a) }
	case 2:
		return func(ctx context.Context, a, b string) (result, error) { return run(ctx, a, b) }
	case 3:
		return func(ctx context.Context, a, b, c string) (result, error) { return run(ctx, a, b, c) }
	case 4:
		return func(ctx context.Context, a, b, c, d string) (result, error) { return run(ctx, a, b, c, d) }
	case 5:
		return func(ctx context.Context, a, b, c, d, e string) (result, error) { return run(ctx, a, b, c, d, e) }
	case 6:
		return func(ctx context.Context, a, b, c, d, e, f string) (result, error) { return run(ctx, a, b, c, d, e, f) }
	}
	panic(fmt.Sprintf("steps: phrase %q has more than %d placeholders", def.Phrase, maxArgs))
}

// silentFormat is the name of a godog formatter that prints nothing: the loader learns
// everything it needs through its hooks.
const silentFormat = "hubspec-silent"

func init() {
	godog.Format(silentFormat, "prints nothing", func(string, io.Writer) godog.Formatter { return silent{} })
}

// silent is a godog formatter that prints nothing.
type silent struct{}

func (silent) TestRunStarted()                                                                {}
func (silent) Feature(*messages.GherkinDocument, string, []byte)                              {}
func (silent) Pickle(*messages.Pickle)                                                        {}
func (silent) Defined(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition)          {}
func (silent) Failed(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition, error)    {}
func (silent) Passed(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition)           {}
func (silent) Skipped(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition)          {}
func (silent) Undefined(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition)        {}
func (silent) Pending(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition)          {}
func (silent) Ambiguous(*messages.Pickle, *messages.PickleStep, *godog.StepDefinition, error) {}
func (silent) Summary()                                                                       {}
