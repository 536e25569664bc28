package runner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The placeholders a [Template] can use.
const (
	PlaceDevice = "device" // the device's id, as used on the hub
	PlaceGroup  = "group"  // the device's group name
	PlaceN      = "n"      // the device's 1-based number within its group
	PlaceI      = "i"      // the 1-based message number within a send (or an expectation's list)
	PlaceRun    = "run"    // an id unique to this run
)

// FleetPlaces are the placeholders a device id template may use.
var FleetPlaces = []string{PlaceN}

// MessagePlaces are the placeholders message ids, correlation ids, property values
// and expected values may use.
var MessagePlaces = []string{PlaceDevice, PlaceGroup, PlaceN, PlaceI, PlaceRun}

// Template is text with placeholders in braces, such as "thermostat-{n}" or
// "msg-{device}-{i}". "{{" and "}}" stand for literal braces. The zero Template is
// the empty text.
type Template struct {
	text  string
	parts []templatePart
}

type templatePart struct {
	lit   string
	place string // empty for a literal part
}

// Literal is a template without placeholders: the text as it is.
func Literal(text string) Template {
	if text == "" {
		return Template{}
	}
	return Template{text: text, parts: []templatePart{{lit: text}}}
}

// TemplateError is text that is not a valid template: the text and what is wrong.
type TemplateError struct {
	Text   string
	Reason string
}

// Error quotes the template and says what is wrong with it.
func (e *TemplateError) Error() string { return fmt.Sprintf("template %q: %s", e.Text, e.Reason) }

// ParseTemplate reads text, allowing only the named placeholders. An error is a
// *TemplateError. For text with ${VARIABLES} in it use [Variables.ParseTemplate], whose
// errors never show a variable's value.
func ParseTemplate(text string, allowed []string) (Template, error) {
	t := Template{text: text}
	var lit strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case (c == '{' || c == '}') && i+1 < len(text) && text[i+1] == c:
			lit.WriteByte(c)
			i++
		case c == '}':
			return Template{}, &TemplateError{Text: text, Reason: "unmatched } (write }} for a literal brace)"}
		case c == '{':
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				return Template{}, &TemplateError{Text: text, Reason: "unclosed { (write {{ for a literal brace)"}
			}
			name := text[i+1 : i+end]
			if !slices.Contains(allowed, name) {
				return Template{}, &TemplateError{Text: text, Reason: fmt.Sprintf("unknown placeholder {%s} (here you can use %s)", name, placeList(allowed))}
			}
			t.parts = appendLit(t.parts, &lit)
			t.parts = append(t.parts, templatePart{place: name})
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	t.parts = appendLit(t.parts, &lit)
	return t, nil
}

func appendLit(parts []templatePart, lit *strings.Builder) []templatePart {
	if lit.Len() > 0 {
		parts = append(parts, templatePart{lit: lit.String()})
		lit.Reset()
	}
	return parts
}

func placeList(names []string) string {
	braced := make([]string, len(names))
	for i, n := range names {
		braced[i] = "{" + n + "}"
	}
	return strings.Join(braced, ", ")
}

// String returns the template as written.
func (t Template) String() string { return t.text }

// IsZero reports whether the template is empty.
func (t Template) IsZero() bool { return t.text == "" }

// Uses reports whether the template has the placeholder name.
func (t Template) Uses(name string) bool {
	return slices.ContainsFunc(t.parts, func(p templatePart) bool { return p.place == name })
}

// Literals returns the template's literal text, placeholders left out.
func (t Template) Literals() string {
	var b strings.Builder
	for _, p := range t.parts {
		b.WriteString(p.lit)
	}
	return b.String()
}

// TemplateVars are the values placeholders expand to.
type TemplateVars struct {
	Device string
	Group  string
	N      int
	I      int
	Run    string
}

// Expand fills in the placeholders.
func (t Template) Expand(v TemplateVars) string {
	var b strings.Builder
	for _, p := range t.parts {
		b.WriteString(p.lit)
		switch p.place {
		case PlaceDevice:
			b.WriteString(v.Device)
		case PlaceGroup:
			b.WriteString(v.Group)
		case PlaceN:
			b.WriteString(strconv.Itoa(v.N))
		case PlaceI:
			b.WriteString(strconv.Itoa(v.I))
		case PlaceRun:
			b.WriteString(v.Run)
		}
	}
	return b.String()
}
