package steps

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// fieldDocs explains the fields tables of messages use (rules, expected messages).
var fieldDocs = [][2]string{
	{"messageId", "the message id"},
	{"correlationId", "the correlation id"},
	{"contentType", "the content type system property"},
	{"contentEncoding", "the content encoding system property"},
	{"to", "the `to` system property (`/devices/{device}/messages/devicebound`)"},
	{"ack", "the ack mode the message was sent with"},
	{"deliveryCount", "the hub's delivery count as the device saw it: a count such as `0` or `at least 1`; AMQP devices only, as it does not travel over MQTT"},
	{"body", "the body"},
	{"property NAME", "the application property NAME"},
}

// opDocs explains how a field's value is compared, written after its name.
var opDocs = [][2]string{
	{"equals", "the value is this text (the default: `property priority` is `property priority equals`)"},
	{"contains", "the value contains this text"},
	{"matches", "the value matches this regular expression (Go's RE2 syntax)"},
	{"json", "bodies only: the body is JSON that contains this JSON (objects hold at least these keys, arrays these elements in order)"},
	{"absent", "the property is not set (leave the value empty)"},
}

const kindNote = "Setup steps set the stage: they come before the scenario's first action or expectation, usually in the Background."

// WriteMarkdown writes the catalogue as docs/steps.md shows it.
func WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "# Gherkin steps: the catalogue\n\n")
	fmt.Fprint(bw, "<!-- Generated from the step catalogue in package steps: do not edit. Regenerate with\n")
	fmt.Fprint(bw, "     go test ./steps -run TestStepsDoc -update   (`hubspec steps` prints the same.) -->\n\n")
	fmt.Fprint(bw, "Every step hubspec understands, by section, with an example each. How features are read, and how\n")
	fmt.Fprint(bw, "they map to the YAML scenarios, is in [gherkin.md](gherkin.md). "+kindNote+"\n\n")
	fmt.Fprint(bw, "A step is written as its phrase shows: `{placeholders}` take an argument ([below](#placeholders)),\n")
	fmt.Fprint(bw, "`[parts]` in brackets may be left out, and `(a|b)` are alternative wordings. Any step may end with a colon.\n\n")
	for _, section := range sections() {
		fmt.Fprintf(bw, "## %s\n\n", section)
		for _, def := range catalogue {
			if def.Section == section {
				writeMarkdownDefinition(bw, def)
			}
		}
	}
	writeMarkdownPlaceholders(bw)
	writeMarkdownFields(bw)
	return bw.Flush()
}

func writeMarkdownDefinition(w io.Writer, def *Definition) {
	fmt.Fprintf(w, "### `%s`\n\n", def.Phrase)
	fmt.Fprintf(w, "%s%s\n\n", def.Description, argumentNote(def))
	fmt.Fprintf(w, "```gherkin\n%s\n```\n\n", def.Example)
}

func writeMarkdownPlaceholders(w io.Writer) {
	fmt.Fprint(w, "## Placeholders\n\n| placeholder | what to write |\n|---|---|\n")
	for _, p := range placeholders {
		fmt.Fprintf(w, "| `{%s}` | %s |\n", p.name, strings.ReplaceAll(p.doc, "|", `\|`))
	}
	fmt.Fprint(w, "\nAny argument, table cell or doc string may use `${VARIABLE}`s ([variables](scenarios.md#variables)).\n\n")
}

func writeMarkdownFields(w io.Writer) {
	fmt.Fprint(w, "## Message fields\n\n")
	fmt.Fprint(w, "Tables that describe a message (a rule, an expected message) name a field in their first cell, then how its\n")
	fmt.Fprint(w, "value is compared, if not `equals`: `property region matches`, `body json`. Values are\n")
	fmt.Fprint(w, "[templates](scenarios.md#templates), except a body's.\n\n| field | is |\n|---|---|\n")
	for _, f := range fieldDocs {
		fmt.Fprintf(w, "| `%s` | %s |\n", f[0], f[1])
	}
	fmt.Fprint(w, "\n| comparison | holds when |\n|---|---|\n")
	for _, o := range opDocs {
		fmt.Fprintf(w, "| `%s` | %s |\n", o[0], o[1])
	}
}

// argumentNote says what a definition takes below its line.
func argumentNote(def *Definition) string {
	switch def.Argument {
	case Table:
		return " Takes a data table."
	case OptionalTable:
		return " Takes a data table, or none."
	case DocString:
		return " Takes a doc string."
	}
	return ""
}

// sections lists the catalogue's sections in order.
func sections() []string {
	var out []string
	for _, def := range catalogue {
		if len(out) == 0 || out[len(out)-1] != def.Section {
			out = append(out, def.Section)
		}
	}
	return out
}

// WriteText writes the catalogue for a terminal, as `hubspec steps` prints it. Only
// definitions whose phrase, description or example contains every word of filter
// (any case) are written; with no filter, all are, with the placeholders and fields.
func WriteText(w io.Writer, filter ...string) error {
	bw := bufio.NewWriter(w)
	n := 0
	for _, section := range sections() {
		var defs []*Definition
		for _, def := range catalogue {
			if def.Section == section && selected(def, filter) {
				defs = append(defs, def)
			}
		}
		if len(defs) == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s\n\n", section)
		for _, def := range defs {
			writeTextDefinition(bw, def)
			n++
		}
	}
	if len(filter) == 0 {
		writeTextReference(bw)
	}
	switch {
	case n == 0:
		fmt.Fprintf(bw, "No step mentions %s; `hubspec steps` lists all %d.\n", strings.Join(filter, " and "), len(catalogue))
	case len(filter) > 0:
		fmt.Fprintf(bw, "%d of %d steps.\n", n, len(catalogue))
	default:
		fmt.Fprintf(bw, "%d steps.\n%s\n", n, strings.Join(wrap(kindNote, 88), "\n"))
	}
	return bw.Flush()
}

func selected(def *Definition, filter []string) bool {
	text := strings.ToLower(def.Phrase + "\n" + def.Description + "\n" + def.Example)
	for _, word := range filter {
		if !strings.Contains(text, strings.ToLower(word)) {
			return false
		}
	}
	return true
}

func writeTextDefinition(w io.Writer, def *Definition) {
	fmt.Fprintf(w, "  %s\n", def.Phrase)
	for _, line := range wrap(plain(def.Description+argumentNote(def)), 84) {
		fmt.Fprintf(w, "      %s\n", line)
	}
	for _, line := range strings.Split(def.Example, "\n") {
		fmt.Fprintf(w, "    %s\n", line)
	}
	fmt.Fprintln(w)
}

func writeTextReference(w io.Writer) {
	fmt.Fprint(w, "Placeholders\n\n")
	for _, p := range placeholders {
		writeTextTerm(w, "{"+p.name+"}", p.doc)
	}
	fmt.Fprint(w, "\nMessage fields (tables of a rule or an expected message), then how they compare\n\n")
	for _, f := range fieldDocs {
		writeTextTerm(w, f[0], f[1])
	}
	fmt.Fprintln(w)
	for _, o := range opDocs {
		writeTextTerm(w, o[0], o[1])
	}
	fmt.Fprintln(w)
}

func writeTextTerm(w io.Writer, term, doc string) {
	lines := wrap(plain(doc), 70)
	fmt.Fprintf(w, "  %-15s %s\n", term, lines[0])
	for _, line := range lines[1:] {
		fmt.Fprintf(w, "  %-15s %s\n", "", line)
	}
}

var mdLink = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// plain drops Markdown from a description: links keep their text, code loses its ticks.
func plain(s string) string {
	return strings.ReplaceAll(mdLink.ReplaceAllString(s, "$1"), "`", "")
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
