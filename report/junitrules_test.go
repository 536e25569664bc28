package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// xmlNode is any XML element, for checking a JUnit file without trusting our own types.
type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []xmlNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

// attr returns the value of the attribute name and whether it is present.
func (n xmlNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// children returns the child elements with one of the names.
func (n xmlNode) children(names ...string) []xmlNode {
	var out []xmlNode
	for _, c := range n.Nodes {
		for _, name := range names {
			if c.XMLName.Local == name {
				out = append(out, c)
			}
		}
	}
	return out
}

var (
	junitTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)
	junitTime      = regexp.MustCompile(`^\d+\.\d+$`)
)

// rawFileName reports whether classname is the spec's file name with its extension, the
// way venom writes it.
func rawFileName(classname, file string) bool {
	if file == "" {
		return strings.HasSuffix(classname, ".yaml") || strings.HasSuffix(classname, ".feature")
	}
	return path.Ext(file) != "" && classname == strings.ReplaceAll(file, "/", ".")
}

// junitProblems checks a JUnit document against every rule of spec/junit.md and returns
// what it breaks.
func junitProblems(doc []byte) []string {
	var p []string
	if !utf8.Valid(doc) {
		p = append(p, "not UTF-8")
	}
	if !bytes.HasPrefix(doc, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		p = append(p, "no XML declaration")
	}
	var root xmlNode
	if err := xml.Unmarshal(doc, &root); err != nil {
		return append(p, "not well-formed: "+err.Error())
	}
	if root.XMLName.Local != "testsuites" {
		return append(p, "root is <"+root.XMLName.Local+">, want <testsuites>")
	}
	if found := scanSecrets(string(doc)); len(found) > 0 {
		p = append(p, fmt.Sprintf("secrets: %q", found))
	}
	var all []xmlNode
	seen := map[string]bool{}
	for _, suite := range root.children("testsuite") {
		p = append(p, suiteProblems(suite, seen)...)
		all = append(all, suite.children("testcase")...)
	}
	return append(p, counterProblems("testsuites", root, all)...)
}

// suiteProblems checks one testsuite and its cases.
func suiteProblems(suite xmlNode, seen map[string]bool) []string {
	var p []string
	name, _ := suite.attr("name")
	if ts, _ := suite.attr("timestamp"); !junitTimestamp.MatchString(ts) {
		p = append(p, fmt.Sprintf("suite %q: timestamp %q is not ISO-8601 without a zone", name, ts))
	}
	cases := suite.children("testcase")
	p = append(p, counterProblems("suite "+name, suite, cases)...)
	for _, c := range cases {
		p = append(p, caseProblems(c, seen)...)
	}
	return p
}

// counterProblems checks that n's counters equal its cases and that time has a point.
func counterProblems(what string, n xmlNode, cases []xmlNode) []string {
	var p []string
	want := map[string]int{"tests": len(cases)}
	for _, c := range cases {
		for _, r := range []string{"failure", "error", "skipped"} {
			want[map[string]string{"failure": "failures", "error": "errors", "skipped": "skipped"}[r]] += len(c.children(r))
		}
	}
	for counter, n2 := range want {
		if got, _ := n.attr(counter); got != strconv.Itoa(n2) {
			p = append(p, fmt.Sprintf("%s: %s=%q, but %d children", what, counter, got, n2))
		}
	}
	if tm, _ := n.attr("time"); !junitTime.MatchString(tm) {
		p = append(p, fmt.Sprintf("%s: time %q has no decimal point", what, tm))
	}
	return p
}

// caseProblems checks one testcase.
func caseProblems(c xmlNode, seen map[string]bool) []string {
	var p []string
	class, _ := c.attr("classname")
	name, _ := c.attr("name")
	file, _ := c.attr("file")
	id := fmt.Sprintf("case %s/%q", class, name)
	switch {
	case class == "" || strings.ContainsAny(class, `/\`) || rawFileName(class, file):
		p = append(p, id+": classname must be dotted, without the file extension")
	case name == "":
		p = append(p, id+": no name")
	case seen[class+"\x00"+name]:
		p = append(p, id+": classname+name not unique")
	}
	seen[class+"\x00"+name] = true
	if tm, _ := c.attr("time"); !junitTime.MatchString(tm) {
		p = append(p, fmt.Sprintf("%s: time %q has no decimal point", id, tm))
	}
	results := c.children("failure", "error", "skipped")
	if len(results) > 1 {
		p = append(p, fmt.Sprintf("%s: %d result elements", id, len(results)))
	}
	p = append(p, resultProblems(id, results)...)
	return append(p, retryProblems(id, c, len(results) > 0 && results[0].XMLName.Local != "skipped")...)
}

// resultProblems checks that a failure or an error carries its first line as @message
// and the full explanation as its text.
func resultProblems(id string, results []xmlNode) []string {
	var p []string
	for _, r := range results {
		if r.XMLName.Local == "skipped" {
			continue
		}
		msg, _ := r.attr("message")
		if msg == "" || strings.TrimSpace(r.Text) == "" || !isFirstLine(msg, r.Text) {
			p = append(p, fmt.Sprintf("%s: <%s> message %q is not the first line of its text", id, r.XMLName.Local, msg))
		}
	}
	return p
}

// isFirstLine reports whether msg is the first line of text, or that line cut short.
func isFirstLine(msg, text string) bool {
	line := firstLine(text)
	if cut, ok := strings.CutSuffix(msg, " more bytes left out)"); ok {
		prefix, _, _ := strings.Cut(cut, "… (")
		return strings.HasPrefix(line, prefix)
	}
	return line == msg
}

// retryProblems checks the Surefire rerun elements: flaky ones only on a passing case,
// rerun ones only on a failing one.
func retryProblems(id string, c xmlNode, failing bool) []string {
	var p []string
	if failing && len(c.children("flakyFailure", "flakyError")) > 0 {
		p = append(p, id+": flaky elements on a failing case")
	}
	if !failing && len(c.children("rerunFailure", "rerunError")) > 0 {
		p = append(p, id+": rerun elements on a case that did not fail")
	}
	return p
}

func TestJUnitKeepsEveryRule(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJUnit(&b, fixtureRun()); err != nil {
		t.Fatal(err)
	}
	if p := junitProblems(b.Bytes()); len(p) > 0 {
		t.Errorf("the JUnit report breaks rules:\n%s", strings.Join(p, "\n"))
	}
}

// TestJUnitCheckerCatchesEachBrokenRule keeps the checker honest: each broken document
// must be caught.
func TestJUnitCheckerCatchesEachBrokenRule(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	ok := `<testcase classname="a.b" name="n" time="0.100"/>`
	suite := func(attrs, cases string) string {
		return head + `<testsuites tests="1" failures="0" errors="0" skipped="0" time="1.000">` +
			`<testsuite name="s" ` + attrs + `>` + cases + `</testsuite></testsuites>`
	}
	good := `tests="1" failures="0" errors="0" skipped="0" time="1.000" timestamp="2026-11-26T10:00:00"`
	tests := []struct{ name, doc, want string }{
		{"not well-formed", head + `<testsuites><testsuite>`, "not well-formed"},
		{"wrong root", head + `<testsuite/>`, "root is"},
		{"control character", suite(good, "<testcase classname=\"a\" name=\"\x01\" time=\"0.1\"/>"), "not well-formed"},
		{"zone in timestamp", suite(strings.Replace(good, ":00\"", ":00Z\"", 1), ok), "timestamp"},
		{"counter", suite(strings.Replace(good, `tests="1"`, `tests="2"`, 1), ok), "tests="},
		{"time without point", suite(strings.Replace(good, `time="1.000"`, `time="1"`, 1), ok), "decimal point"},
		{"classname with a slash", suite(good, `<testcase classname="a/b" name="n" time="0.1"/>`), "classname"},
		{"classname with extension", suite(good, `<testcase classname="a.b.feature" name="n" time="0.1"/>`), "classname"},
		{"classname is the file name", suite(good, `<testcase classname="a.b.yml" file="a/b.yml" name="n" time="0.1"/>`), "classname"},
		{"duplicate", suite(strings.Replace(good, `tests="1"`, `tests="2"`, 1), ok+ok), "not unique"},
		{"two results", suite(strings.Replace(good, `failures="0" errors="0"`, `failures="1" errors="1"`, 1),
			`<testcase classname="a" name="n" time="0.1"><failure message="x">x</failure><error message="y">y</error></testcase>`),
			"2 result elements"},
		{"message not the first line", suite(strings.Replace(good, `failures="0"`, `failures="1"`, 1),
			`<testcase classname="a" name="n" time="0.1"><failure message="x">other</failure></testcase>`), "first line"},
		{"flaky on failure", suite(strings.Replace(good, `failures="0"`, `failures="1"`, 1),
			`<testcase classname="a" name="n" time="0.1"><failure message="x">x</failure><flakyFailure/></testcase>`), "flaky elements"},
		{"secret", suite(good, `<testcase classname="a" name="SharedAccessKey=abc" time="0.1"/>`), "secrets"},
	}
	for _, tc := range tests {
		p := junitProblems([]byte(tc.doc))
		if !strings.Contains(strings.Join(p, "\n"), tc.want) {
			t.Errorf("%s: problems %q, want one about %q", tc.name, p, tc.want)
		}
	}
}
