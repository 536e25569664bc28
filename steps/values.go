package steps

import (
	"regexp"
	"strings"

	"github.com/hubspec/hubspec/runner"
)

// selector reads a {devices} argument: device "ID", group "NAME", every device or
// all devices.
func (c *call) selector(v value) runner.Selector {
	sel := runner.Selector{At: v.at}
	switch text := strings.TrimSpace(v.text); {
	case text == "every device" || text == "all devices":
		sel.All = true
	case strings.HasPrefix(text, "group "):
		sel.Group = unquote(strings.TrimPrefix(text, "group "))
	case strings.HasPrefix(text, "device "):
		sel.Device = unquote(strings.TrimPrefix(text, "device "))
	}
	return sel
}

// unquote drops the double quotes around s.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

var (
	countRange = regexp.MustCompile(`^(\d+) to (\d+)$`)
	countWords = map[string]runner.Count{
		"no": runner.Exactly(0), "none": runner.Exactly(0),
		"a": runner.AtLeast(1), "an": runner.AtLeast(1), "one": runner.Exactly(1),
	}
)

// count reads a {count} argument: 3, no, none, a, one, at least 3, at most 3,
// exactly 3 or 2 to 5.
func (c *call) count(v value) runner.Count {
	text := strings.TrimSpace(v.text)
	if n, ok := countWords[text]; ok {
		return n
	}
	var written string
	switch {
	case strings.HasPrefix(text, "at least "):
		written = ">= " + strings.TrimPrefix(text, "at least ")
	case strings.HasPrefix(text, "at most "):
		written = "<= " + strings.TrimPrefix(text, "at most ")
	case countRange.MatchString(text):
		written = countRange.ReplaceAllString(text, "$1..$2")
	default:
		written = strings.TrimPrefix(text, "exactly ")
	}
	n, err := runner.ParseCount(written)
	if err != nil {
		c.problemAt(v.at, "want a count such as 3, no, at least 3, at most 3 or 2 to 5, got %q", v.raw)
	}
	return n
}

// tableCount reads a count as a table cell holds it: any {count} wording, or the YAML
// spelling (">= 3", "2..5").
func (c *call) tableCount(v value) runner.Count {
	if n, err := runner.ParseCount(v.text); err == nil {
		return n
	}
	return c.count(v)
}

var verbs = map[string]runner.Disposition{
	"completes": runner.Complete, "rejects": runner.Reject, "abandons": runner.Abandon, "ignores": runner.Ignore,
	"completed": runner.Complete, "rejected": runner.Reject, "abandoned": runner.Abandon, "ignored": runner.Ignore,
}

var sequenceSep = regexp.MustCompile(`\s*(?:,\s*then|,\s*and|,|\band|\bthen)\s+`)

// settlement reads a sequence of dispositions, as a {settles} argument or a table cell
// writes it: "abandons, abandons, then completes", or "abandon, abandon, complete".
func (c *call) settlement(v value) []runner.Disposition {
	var seq []runner.Disposition
	for _, word := range sequenceSep.Split(strings.TrimSpace(v.text), -1) {
		if d, ok := verbs[strings.ToLower(word)]; ok {
			seq = append(seq, d)
			continue
		}
		d, ok := enumValue(c, "settle", value{at: v.at, raw: v.raw, text: word}, runner.Dispositions)
		if !ok {
			return nil
		}
		seq = append(seq, d)
	}
	return seq
}
