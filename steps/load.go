package steps

import (
	"fmt"
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/hubspec/hubspec/runner"
)

// Options control how feature files are read.
type Options struct {
	// Vars are the --var values; they override the environment and the defaults
	// features declare.
	Vars map[string]string
	// Env looks up environment variables (os.LookupEnv); nil for none.
	Env func(name string) (string, bool)
	// ReadFile reads a body file (`body file` in a table); nil reads from disk, at
	// most MaxBodyFile bytes.
	ReadFile func(name string) ([]byte, error)
	// Check says what the scenarios will run against, for the checks of runner.Check.
	Check runner.CheckOptions
}

// Limits on input, so that no file can exhaust memory.
const (
	MaxFileSize    = 4 << 20 // bytes in one feature file
	MaxPickleSteps = 20_000  // steps in one file once outlines are expanded (about 200 MB to read)
)

// Load reads the scenarios of one feature file. Every problem found is in the returned
// error, a runner.Problems, each as file:line: message.
func Load(path string, opts Options) ([]*runner.Scenario, error) {
	data, err := readLimited(path, MaxFileSize)
	if err != nil {
		return nil, runner.Problems{{Pos: runner.Pos{File: path}, Msg: "cannot read the file: " + unwrapPath(err).Error()}}
	}
	return Parse(path, data, opts)
}

// Parse reads data, the content of the feature file called name, into its scenarios:
// one per Scenario, and one per row of a Scenario Outline's Examples, each with the
// Background's steps first and the tags of its feature, rule, scenario and examples.
// Body files are found relative to name.
func Parse(name string, data []byte, opts Options) ([]*runner.Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, runner.Problems{{Pos: runner.Pos{File: name}, Msg: fmt.Sprintf("the file is over %d bytes", MaxFileSize)}}
	}
	f, ps := parseFeature(name, data)
	if len(ps) > 0 {
		return nil, ps.Err()
	}
	if len(f.pickles) == 0 {
		return nil, runner.Problems{{Pos: runner.Pos{File: name}, Msg: "no scenario in the file"}}
	}
	l := newLoader(name, f, opts, catalogue)
	if err := l.matchSafely(data); err != nil {
		return nil, runner.Problems{{Pos: runner.Pos{File: name}, Msg: err.Error()}}
	}
	return l.scenarios()
}

// loader reads one feature file: a builder per pickle, filled in as godog matches.
type loader struct {
	name     string
	feature  *feature
	opts     Options
	defs     []*Definition       // the steps godog matches against: the catalogue
	builders map[string]*builder // by pickle id
	mismatch bool                // godog ran a pickle this package did not compile
}

func newLoader(name string, f *feature, opts Options, defs []*Definition) *loader {
	l := &loader{name: name, feature: f, opts: opts, defs: defs, builders: map[string]*builder{}}
	for _, p := range f.pickles {
		b := newBuilder(name, f.index, p, opts)
		b.defs = defs
		l.builders[p.Id] = b
	}
	return l
}

// matchSafely runs godog, turning a panic in it into an error.
func (l *loader) matchSafely(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("godog failed on this file (a bug; please report it): %v", r)
		}
	}()
	l.match(data)
	if l.mismatch {
		return fmt.Errorf("godog and hubspec read this file differently (a bug; please report it)")
	}
	return nil
}

// scenarios finishes every pickle's scenario, checks it, and returns them all, or
// every problem found.
func (l *loader) scenarios() ([]*runner.Scenario, error) {
	var out []*runner.Scenario
	var problems runner.Problems
	names := map[string]bool{}
	for _, p := range l.feature.pickles {
		b := l.builders[p.Id]
		sc := l.finish(b, p, names)
		if len(b.problems) == 0 && !b.unmatched {
			b.problems = runner.Check(sc, l.opts.Check)
		}
		problems = append(problems, b.problems...)
		out = append(out, sc)
	}
	if err := dedupe(problems).Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// finish fills in what the pickle itself says: name, position, tags, description.
func (l *loader) finish(b *builder, p *messages.Pickle, names map[string]bool) *runner.Scenario {
	sc := b.sc
	sc.At = l.feature.index.pos(p.Location)
	sc.Name = l.feature.index.name(p)
	if names[sc.Name] {
		sc.Name = fmt.Sprintf("%s (line %d)", sc.Name, sc.At.Line)
	}
	names[sc.Name] = true
	if len(p.AstNodeIds) > 0 {
		if src := l.feature.index.scenarios[p.AstNodeIds[0]]; src != nil {
			sc.Description = strings.TrimSpace(src.Description)
		}
	}
	for _, t := range p.Tags {
		sc.Tags = append(sc.Tags, runner.NormalizeTag(t.Name))
	}
	sc.Vars = b.vars.Seen
	return sc
}

// dedupe drops repeated problems: a Background step, or an outline step, is read once
// per scenario or row, and would otherwise be reported as often.
func dedupe(ps runner.Problems) runner.Problems {
	seen := map[string]bool{}
	var out runner.Problems
	for _, p := range ps {
		if key := p.Error(); !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}
