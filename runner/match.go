package runner

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Received is what a device saw of one C2D message: what rules and expectations match.
type Received struct {
	MessageID       string
	CorrelationID   string
	ContentType     string
	ContentEncoding string
	To              string
	Ack             AckMode
	Properties      map[string]string // application properties
	Body            []byte
	DeliveryCount   int       // the hub's delivery count as the device saw it
	Transport       Transport // MQTT carries no delivery count; "" is AMQP
}

// SystemProperty names a system property a [MessageMatch] can check.
type SystemProperty string

// The system properties a match can check.
const (
	PropMessageID       SystemProperty = "messageId"
	PropCorrelationID   SystemProperty = "correlationId"
	PropContentType     SystemProperty = "contentType"
	PropContentEncoding SystemProperty = "contentEncoding"
	PropTo              SystemProperty = "to"
	PropAck             SystemProperty = "ack"
)

// SystemProperties lists the system properties a match can check.
var SystemProperties = []SystemProperty{PropMessageID, PropCorrelationID, PropContentType, PropContentEncoding, PropTo, PropAck}

func (m *Received) system(p SystemProperty) string {
	switch p {
	case PropMessageID:
		return m.MessageID
	case PropCorrelationID:
		return m.CorrelationID
	case PropContentType:
		return m.ContentType
	case PropContentEncoding:
		return m.ContentEncoding
	case PropTo:
		return m.To
	case PropAck:
		return string(m.Ack)
	}
	return ""
}

// MessageMatch describes a message: every part it sets must hold.
type MessageMatch struct {
	At            Pos
	Keys          KeyPos // where each key was written, when the front end knows
	Body          *TextMatch
	Properties    []PropertyMatch // application properties
	System        []SystemMatch
	DeliveryCount *Count
}

// PropertyMatch checks one application property.
type PropertyMatch struct {
	Name  string
	Match TextMatch
}

// SystemMatch checks one system property.
type SystemMatch struct {
	Name  SystemProperty
	Match TextMatch
}

// MatchOp is how a [TextMatch] compares.
type MatchOp string

// The match operators. JSON is for bodies only.
const (
	Equals   MatchOp = "equals"
	Contains MatchOp = "contains"
	Matches  MatchOp = "matches"
	JSON     MatchOp = "json"
	Absent   MatchOp = "absent"
)

// MatchOps lists every match operator.
var MatchOps = []MatchOp{Equals, Contains, Matches, JSON, Absent}

// TextMatch checks one text: equal to a template, containing it, matching a regular
// expression, being JSON that contains a value, or being absent.
type TextMatch struct {
	At     Pos
	Op     MatchOp
	Text   Template       // Equals, Contains
	Regexp *regexp.Regexp // Matches
	JSON   any            // JSON: a value as encoding/json decodes it
}

// Matches reports whether m matches.
func (mm MessageMatch) Matches(m *Received, v TemplateVars) bool {
	return len(mm.Mismatches(m, v)) == 0
}

// Mismatches explains each part of mm that m does not match; none when it matches.
func (mm MessageMatch) Mismatches(m *Received, v TemplateVars) []string {
	var out []string
	if mm.Body != nil {
		out = appendMismatch(out, "body", mm.Body, string(m.Body), true, v)
	}
	for _, s := range mm.System {
		got := m.system(s.Name)
		out = appendMismatch(out, string(s.Name), &s.Match, got, got != "", v)
	}
	for _, p := range mm.Properties {
		got, ok := m.Properties[p.Name]
		out = appendMismatch(out, "property "+p.Name, &p.Match, got, ok, v)
	}
	switch {
	case mm.DeliveryCount == nil:
	case m.Transport == MQTT:
		out = append(out, fmt.Sprintf("deliveryCount: want %s, but the delivery count does not travel over MQTT", mm.DeliveryCount))
	case !mm.DeliveryCount.Holds(m.DeliveryCount):
		out = append(out, fmt.Sprintf("deliveryCount: want %s, got %d", mm.DeliveryCount, m.DeliveryCount))
	}
	return out
}

func appendMismatch(out []string, what string, tm *TextMatch, got string, present bool, v TemplateVars) []string {
	if tm.Holds(got, present, v) {
		return out
	}
	observed := "absent"
	if present {
		observed = fmt.Sprintf("%q", clip(got))
	}
	return append(out, fmt.Sprintf("%s: want %s, got %s", what, tm.Describe(v), observed))
}

// Holds reports whether a text that is present (or not) with the value got matches.
func (tm *TextMatch) Holds(got string, present bool, v TemplateVars) bool {
	if tm.Op == Absent {
		return !present
	}
	if !present {
		return false
	}
	switch tm.Op {
	case Equals:
		return got == tm.Text.Expand(v)
	case Contains:
		return strings.Contains(got, tm.Text.Expand(v))
	case Matches:
		return tm.Regexp.MatchString(got)
	case JSON:
		var doc any
		return json.Unmarshal([]byte(got), &doc) == nil && jsonContains(tm.JSON, doc)
	}
	return false
}

// Describe says what the match wants, as a person reads it.
func (tm *TextMatch) Describe(v TemplateVars) string {
	switch tm.Op {
	case Equals:
		return fmt.Sprintf("%q", tm.Text.Expand(v))
	case Contains:
		return fmt.Sprintf("text containing %q", tm.Text.Expand(v))
	case Matches:
		return fmt.Sprintf("text matching /%s/", tm.Regexp)
	case JSON:
		b, _ := json.Marshal(tm.JSON)
		return fmt.Sprintf("JSON containing %s", b)
	}
	return "absent"
}

// jsonContains reports whether got holds want: objects hold every key of want with a
// value that holds want's, arrays hold want's elements in order (same length), and
// other values are equal.
func jsonContains(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if gv, ok := g[k]; !ok || !jsonContains(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonContains(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return want == got
}

// clip shortens a long observed text for an explanation.
func clip(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
