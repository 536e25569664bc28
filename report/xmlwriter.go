package report

import (
	"bufio"
	"io"
	"strings"
)

// attr is one XML attribute.
type attr struct{ name, value string }

// xmlWriter writes indented XML by hand, so that text keeps its newlines readable
// (encoding/xml escapes every newline in text as &#xA;). It keeps the first write error.
type xmlWriter struct {
	w     *bufio.Writer
	depth int
	err   error
}

func newXMLWriter(w io.Writer) *xmlWriter { return &xmlWriter{w: bufio.NewWriter(w)} }

// raw writes s unless an earlier write failed.
func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// start writes an opening tag on its own line and indents what follows.
func (x *xmlWriter) start(name string, attrs ...attr) {
	x.tag(name, attrs, ">\n")
	x.depth++
}

// end writes the closing tag of the element start opened.
func (x *xmlWriter) end(name string) {
	x.depth--
	x.raw(strings.Repeat("  ", x.depth) + "</" + name + ">\n")
}

// empty writes an element with no content.
func (x *xmlWriter) empty(name string, attrs ...attr) { x.tag(name, attrs, "/>\n") }

// text writes an element whose content is text; with no text it is empty.
func (x *xmlWriter) text(name, text string, attrs ...attr) {
	if text == "" {
		x.empty(name, attrs...)
		return
	}
	x.tag(name, attrs, ">")
	x.raw(escapeText(text))
	x.raw("</" + name + ">\n")
}

// tag writes an indented tag with its attributes, then close.
func (x *xmlWriter) tag(name string, attrs []attr, close string) {
	x.raw(strings.Repeat("  ", x.depth) + "<" + name)
	for _, a := range attrs {
		x.raw(" " + a.name + `="` + escapeAttr(a.value) + `"`)
	}
	x.raw(close)
}

// flush writes what is buffered and returns the first error.
func (x *xmlWriter) flush() error {
	if x.err == nil {
		x.err = x.w.Flush()
	}
	return x.err
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;",
		"\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;")
)

// escapeText escapes character data. The text is already clean (see cleanText).
func escapeText(s string) string { return textEscaper.Replace(s) }

// escapeAttr escapes an attribute value, keeping its whitespace exact.
func escapeAttr(s string) string { return attrEscaper.Replace(s) }
