package report

import "strings"

// Explain formats a failure's explanation the way every report shows it: the summary
// (its first line, which becomes the JUnit message and the console's one-line reason),
// what was expected, what was observed, and the message ledger lines that matter. Empty
// parts are left out; further lines of expected or observed are indented under the first.
func Explain(summary, expected, observed string, ledgerLines []string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(summary))
	labelled(&b, "expected", expected)
	labelled(&b, "observed", observed)
	if len(ledgerLines) > 0 {
		b.WriteString("\n\nledger:")
		for _, l := range ledgerLines {
			b.WriteString("\n" + strings.TrimRight(l, "\n"))
		}
	}
	return b.String()
}

// labelled writes "\nlabel: text", indenting text's further lines.
func labelled(b *strings.Builder, label, text string) {
	text = strings.Trim(text, "\n")
	if text == "" {
		return
	}
	b.WriteString("\n" + label + ": " + strings.ReplaceAll(text, "\n", "\n  "))
}
