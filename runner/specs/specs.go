// Package specs finds spec files and reads each with the front end for its kind:
// YAML scenarios (.yaml, .yml) through runner/scenario, Gherkin features (.feature)
// through steps. It is what `hubspec run`,
// `hubspec validate` and the go test helper share, so they agree on which files are
// specs and how they are read.
package specs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/scenario"
	"github.com/hubspec/hubspec/steps"
)

// Options are what every front end needs to read a spec.
type Options struct {
	Vars  map[string]string                // --var values
	Env   func(name string) (string, bool) // os.LookupEnv; nil for none
	Check runner.CheckOptions
}

// FrontEnd reads the scenarios of one spec file. Its error lists every problem
// (a runner.Problems) as file:line:col: message.
type FrontEnd func(path string, opts Options) ([]*runner.Scenario, error)

// frontEnds maps a file extension to the front end that reads it.
var frontEnds = map[string]FrontEnd{
	".yaml":    loadYAML,
	".yml":     loadYAML,
	".feature": loadFeature,
}

func loadYAML(path string, opts Options) ([]*runner.Scenario, error) {
	return scenario.Load(path, scenario.Options{Vars: opts.Vars, Env: opts.Env, Check: opts.Check})
}

func loadFeature(path string, opts Options) ([]*runner.Scenario, error) {
	return steps.Load(path, steps.Options{Vars: opts.Vars, Env: opts.Env, Check: opts.Check})
}

// Extensions lists the extensions of spec files, sorted.
func Extensions() []string {
	exts := make([]string, 0, len(frontEnds))
	for ext := range frontEnds {
		exts = append(exts, ext)
	}
	sort.Strings(exts)
	return exts
}

// IsSpec reports whether path names a spec file by its extension.
func IsSpec(path string) bool {
	_, ok := frontEnds[strings.ToLower(filepath.Ext(path))]
	return ok
}

// Load reads one spec file with the front end for its extension.
func Load(path string, opts Options) ([]*runner.Scenario, error) {
	fe, ok := frontEnds[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return nil, runner.Problems{{Pos: runner.Pos{File: path}, Msg: notSpec()}}
	}
	return fe(path, opts)
}

func notSpec() string {
	return fmt.Sprintf("not a spec file (hubspec reads %s)", strings.Join(Extensions(), ", "))
}

// Find lists the spec files under paths, in order and without repeats: a file is taken
// as given (it must be a spec file); a folder is walked for spec files, skipping
// folders named testdata or starting with . or _ (as the go tool does), and
// node_modules, whose packages bring YAML files of their own (CI configurations).
func Find(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		found, err := find(p)
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	return dedupe(files), nil
}

func find(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if !info.IsDir() {
		if !IsSpec(path) {
			return nil, fmt.Errorf("%s: %s", path, notSpec())
		}
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return fmt.Errorf("%s: %w", p, unwrapPath(err))
		case d.IsDir() && p != path && skipDir(d.Name()):
			return filepath.SkipDir
		case !d.IsDir() && IsSpec(p):
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func skipDir(name string) bool {
	return name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

func dedupe(files []string) []string {
	seen := map[string]bool{}
	return slices.DeleteFunc(files, func(f string) bool {
		key := filepath.Clean(f)
		if seen[key] {
			return true
		}
		seen[key] = true
		return false
	})
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
