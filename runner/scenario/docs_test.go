package scenario

import (
	"os"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// TestDocsCoverEveryKey keeps docs/scenarios.md next to the code's truth: every key the
// loader accepts and every value it knows appears there, as `code`.
func TestDocsCoverEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for what, keys := range schema() {
		for _, k := range keys {
			if !strings.Contains(doc, "`"+k+"`") {
				t.Errorf("docs/scenarios.md does not document the %s key `%s`", what, k)
			}
		}
	}
	var values []string
	values = append(values, names(runner.Dispositions)...)
	values = append(values, names(runner.AckModes)...)
	values = append(values, names(runner.FeedbackStatuses)...)
	values = append(values, names(runner.SendOutcomes)...)
	values = append(values, names(runner.Transports)...)
	values = append(values, names(runner.Orders)...)
	values = append(values, names(runner.SystemProperties)...)
	values = append(values, runner.ProfileFast, runner.ProfileAzure)
	for _, p := range runner.MessagePlaces {
		values = append(values, "{"+p+"}")
	}
	for _, v := range values {
		if !strings.Contains(doc, "`"+v+"`") {
			t.Errorf("docs/scenarios.md does not mention the value `%s`", v)
		}
	}
}

func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// TestDocsExamplesDecode decodes every YAML example of docs/scenarios.md (steps and
// fragments wrapped into a scenario) and wants no problem but the ones that need the
// rest of a scenario (devices the fragment does not define).
func TestDocsExamplesDecode(t *testing.T) {
	data, err := os.ReadFile("../../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlocks(string(data))
	if len(blocks) < 15 {
		t.Fatalf("found %d yaml examples, want more", len(blocks))
	}
	for _, b := range blocks {
		src := wrapExample(b)
		if src == "" {
			continue
		}
		d := &decoder{file: "docs", budget: maxNodes}
		root, err := nextDocument(yamlDecoder(src))
		if err != nil {
			t.Errorf("example does not parse: %v\n%s", err, b)
			continue
		}
		d.scenario(root)
		if len(d.problems) > 0 {
			t.Errorf("example:\n%s\nproblems:\n%v", b, d.problems)
		}
	}
}

func yamlBlocks(doc string) []string {
	var blocks []string
	for _, part := range strings.Split(doc, "```yaml\n")[1:] {
		blocks = append(blocks, part[:strings.Index(part, "```")])
	}
	return blocks
}

// wrapExample makes a fragment a whole scenario; "" for fragments that are values of a
// key (when:, body:), which other examples cover.
func wrapExample(b string) string {
	first := strings.TrimSpace(b)
	switch {
	case strings.HasPrefix(first, "- "):
		return "scenario: x\nvars: {maxDeliveryCount: 5}\nsteps:\n" + indentLines(b)
	case strings.HasPrefix(first, "when:"), strings.HasPrefix(first, "body:"):
		return ""
	case strings.HasPrefix(first, "# scenarios/"), strings.HasPrefix(first, "scenario:"):
		return b
	case strings.Contains(b, "\nsteps:"):
		return "scenario: x\n" + b
	}
	return "scenario: x\nsteps: []\n" + b
}

func indentLines(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ") + "\n"
}
