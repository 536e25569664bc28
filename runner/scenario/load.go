package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/runner"
)

// Options control how scenario files are read.
type Options struct {
	// Vars are the --var values; they override the environment and a scenario's vars.
	Vars map[string]string
	// Env looks up environment variables (os.LookupEnv); nil for none.
	Env func(name string) (string, bool)
	// ReadFile reads a body file (body: {file: …}); nil reads from disk, at most
	// MaxBodyFile bytes.
	ReadFile func(name string) ([]byte, error)
	// Check says what the scenarios will run against, for the checks of runner.Check.
	Check runner.CheckOptions
}

// Limits on input, so that no file can exhaust memory.
const (
	MaxFileSize = 4 << 20 // bytes in one scenario file
	MaxBodyFile = 1 << 20 // bytes in one body file
	maxNodes    = 100_000 // YAML nodes in one JSON value, aliases expanded
)

// Load reads the scenarios of one YAML file. Every problem found is in the returned
// error, a runner.Problems, each as file:line:col: message.
func Load(path string, opts Options) ([]*runner.Scenario, error) {
	data, err := readLimited(path, MaxFileSize)
	if err != nil {
		return nil, runner.Problems{{Pos: runner.Pos{File: path}, Msg: err.Error()}}
	}
	return Parse(path, data, opts)
}

// Parse decodes data, the content of the file called name, into its scenarios: one
// per YAML document ("---" separates them). Body files are found relative to name.
func Parse(name string, data []byte, opts Options) ([]*runner.Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, runner.Problems{{Pos: runner.Pos{File: name}, Msg: fmt.Sprintf("the file is over %d bytes", MaxFileSize)}}
	}
	var scenarios []*runner.Scenario
	var problems runner.Problems
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		doc, err := nextDocument(dec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, yamlProblem(name, err))
			break
		}
		if doc == nil {
			continue
		}
		sc, ps := decodeScenario(name, doc, opts)
		scenarios = append(scenarios, sc)
		problems = append(problems, ps...)
	}
	if len(scenarios) == 0 && len(problems) == 0 {
		problems.Add(runner.Pos{File: name}, "no scenario in the file")
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return scenarios, nil
}

// nextDocument decodes the next YAML document: nil for an empty one. The YAML library
// is third-party code fed untrusted bytes, so a panic in it becomes an error.
func nextDocument(dec *yaml.Decoder) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed: %v", r)
		}
	}()
	var n yaml.Node
	if err := dec.Decode(&n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) == 0 || n.Content[0].Tag == "!!null" {
		return nil, nil
	}
	return n.Content[0], nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlProblem turns a YAML syntax error into a problem at its line.
func yamlProblem(name string, err error) *runner.Problem {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "did not find expected") {
			line++ // yaml.v3 reports its parser's errors one line early (0-based)
		}
		return &runner.Problem{Pos: runner.Pos{File: name, Line: line, Col: 1}, Msg: "YAML: " + m[2] + flowHint(m[2])}
	}
	return &runner.Problem{Pos: runner.Pos{File: name, Line: 1, Col: 1}, Msg: "YAML: " + trimYAMLPrefix(msg)}
}

// flowHint explains the usual cause of a flow-mapping error in a scenario: a template
// such as msg-{i} unquoted inside { }.
func flowHint(msg string) string {
	if strings.Contains(msg, "expected ',' or '}'") {
		return ` (inside { } quote a value that holds braces, such as messageId: "msg-{i}")`
	}
	return ""
}

func trimYAMLPrefix(msg string) string {
	if len(msg) > 6 && msg[:6] == "yaml: " {
		return msg[6:]
	}
	return msg
}

// decodeScenario decodes one document, then, when it decoded cleanly, checks it with
// runner.Check (problems on a half-decoded scenario would only echo the first ones).
func decodeScenario(name string, root *yaml.Node, opts Options) (*runner.Scenario, runner.Problems) {
	d := &decoder{file: name, dir: filepath.Dir(name), opts: opts, budget: maxNodes}
	sc := d.scenario(root)
	if len(d.problems) == 0 {
		d.problems = runner.Check(sc, opts.Check)
	}
	return sc, d.problems
}

// readLimited reads at most limit bytes of a file, failing when it is larger.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is over %d bytes", limit)
	}
	return data, nil
}

// unwrapPath drops the path from an *os.PathError: the position already names the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
