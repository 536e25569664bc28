package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/runner"
)

// maxDuration bounds every duration a scenario states.
const maxDuration = 24 * time.Hour

// text returns a scalar's text with ${VAR}s expanded, and the text as written (what
// messages quote, so that a variable's value never appears in one).
func (d *decoder) text(n *yaml.Node, key, want string) (value, raw string, ok bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: want %s, got %s", key, want, describe(n))
		return "", "", false
	}
	if n.Tag == "!!null" {
		return "", "", true
	}
	v, err := d.vars.Expand(n.Value)
	if err != nil {
		d.errorf(n, "%s: %v", key, err)
		return "", "", false
	}
	return v, n.Value, true
}

// str returns the text of key, or "" when it is missing.
func (f *fields) str(key string) string {
	n := f.vals[key]
	if n == nil {
		return ""
	}
	v, _, _ := f.d.text(n, key, "text")
	return v
}

// integer returns key as a whole number from lo to hi, or def when it is missing.
func (f *fields) integer(key string, def, lo, hi int) int {
	n := f.vals[key]
	if n == nil {
		return def
	}
	v, raw, ok := f.d.text(n, key, "a whole number")
	if !ok {
		return def
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || i < lo || i > hi {
		f.d.errorf(n, "%s: want a whole number from %d to %d, got %q", key, lo, hi, raw)
		return def
	}
	return i
}

// boolean returns key as true or false, or def when it is missing.
func (f *fields) boolean(key string, def bool) bool {
	n := f.vals[key]
	if n == nil {
		return def
	}
	v, raw, ok := f.d.text(n, key, "true or false")
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(v)))
	if err != nil {
		f.d.errorf(n, "%s: want true or false, got %q", key, raw)
		return def
	}
	return b
}

// duration returns key as a positive Go duration such as 5s or 250ms; 0 when missing.
func (f *fields) duration(key string) time.Duration {
	n := f.vals[key]
	if n == nil {
		return 0
	}
	return f.d.duration(n, key)
}

func (d *decoder) duration(n *yaml.Node, key string) time.Duration {
	v, raw, ok := d.text(n, key, "a duration such as 5s or 250ms")
	if !ok {
		return 0
	}
	dur, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || dur <= 0 || dur > maxDuration {
		d.errorf(n, "%s: want a duration from 1ms to 24h such as 5s, 250ms or 1m30s, got %q", key, raw)
		return 0
	}
	return dur
}

// hubDuration returns key as an ISO-8601 duration (PT1H) or a Go one (1h), as the hub
// settings take them; 0 when missing.
func (f *fields) hubDuration(key string) core.Duration {
	n := f.vals[key]
	if n == nil {
		return 0
	}
	v, raw, ok := f.d.text(n, key, "an ISO-8601 duration such as PT1H")
	if !ok {
		return 0
	}
	dur, err := core.ParseDuration(v)
	if err != nil || dur <= 0 {
		f.d.errorf(n, "%s: want a positive ISO-8601 duration such as PT1H, PT30S or P2D, got %q", key, raw)
		return 0
	}
	return core.Duration(dur)
}

// template returns key as a template that may use places; the zero Template when
// missing.
func (f *fields) template(key string, places []string) runner.Template {
	n := f.vals[key]
	if n == nil {
		return runner.Template{}
	}
	return f.d.template(n, key, places)
}

// template reads a template. Its problems quote it as written and name the variables
// whose values cause them, never a value.
func (d *decoder) template(n *yaml.Node, key string, places []string) runner.Template {
	_, raw, ok := d.text(n, key, "text")
	if !ok {
		return runner.Template{}
	}
	t, err := d.vars.ParseTemplate(raw, places)
	if err != nil {
		d.errorf(n, "%s: %v", key, err)
	}
	return t
}

// count returns key as a count ("3", "none", ">= 3", "<= 3", "2..5"), or def.
func (f *fields) count(key string, def runner.Count) runner.Count {
	n := f.vals[key]
	if n == nil {
		return def
	}
	return f.d.count(n, key, def)
}

func (d *decoder) count(n *yaml.Node, key string, def runner.Count) runner.Count {
	v, raw, ok := d.text(n, key, `a count such as 3, "none", ">= 3" or "2..5"`)
	if !ok {
		return def
	}
	c, err := runner.ParseCount(v)
	if err != nil {
		d.errorf(n, `%s: want a count such as 3, none, ">= 3", "<= 3" or "2..5", got %q`, key, raw)
		return def
	}
	return c
}

// timestamp returns key as an RFC 3339 time; zero when missing.
func (f *fields) timestamp(key string) time.Time {
	n := f.vals[key]
	if n == nil {
		return time.Time{}
	}
	v, raw, ok := f.d.text(n, key, "a time such as 2030-01-02T15:04:05Z")
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	if err != nil {
		f.d.errorf(n, "%s: want an RFC 3339 time such as 2030-01-02T15:04:05Z, got %q", key, raw)
	}
	return t
}

// enum returns key as one of values (any case), or def when it is missing.
func enum[T ~string](f *fields, key string, values []T, def T) T {
	n := f.vals[key]
	if n == nil {
		return def
	}
	return enumValue(f.d, n, key, values, def)
}

func enumValue[T ~string](d *decoder, n *yaml.Node, key string, values []T, def T) T {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	v, raw, ok := d.text(n, key, "one of "+strings.Join(names, ", "))
	if !ok {
		return def
	}
	if t, found := runner.ParseEnum(strings.TrimSpace(v), values); found {
		return t
	}
	hint := didYouMean(v, names)
	if hint == "" {
		hint = fmt.Sprintf(" (want one of %s)", strings.Join(names, ", "))
	}
	d.errorf(n, "%s: unknown value %q%s", key, raw, hint)
	return def
}
