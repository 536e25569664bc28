package report

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ansiEscape matches terminal escape sequences (colours, cursor moves).
var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)

// cleanText makes s safe for any report: valid UTF-8, no terminal escapes, line ends as
// "\n", and no character XML 1.0 forbids or that a terminal would act on (C0 and C1
// controls other than tab and newline, U+FFFE, U+FFFF).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = ansiEscape.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(keepRune, s)
}

// keepRune maps a forbidden rune to -1 (dropped) and a lone carriage return to a newline.
func keepRune(r rune) rune {
	switch {
	case r == '\t' || r == '\n':
		return r
	case r == '\r':
		return '\n'
	case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xfffe || r == 0xffff:
		return -1
	}
	return r
}

// safe is the one path every text takes into a report: cleaned, then redacted.
func safe(s string) string { return Redact(cleanText(s)) }

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			return t
		}
	}
	return ""
}

// truncate cuts s to at most limit bytes on a rune boundary and says how much it left out.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes left out)", len(s)-cut)
}

// FormatBody renders a message body for an explanation: quoted text when it is UTF-8 text,
// otherwise base64, never raw binary; at most limit bytes of it.
func FormatBody(body []byte, limit int) string {
	if isText(body) {
		return strconv.Quote(truncate(string(body), limit))
	}
	enc := base64.StdEncoding.EncodeToString(body)
	if len(enc) > limit {
		return fmt.Sprintf("base64:%s… (%d bytes)", enc[:limit], len(body))
	}
	return "base64:" + enc
}

// isText reports whether b is UTF-8 with no control characters but tab and line ends.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if keepRune(r) != r && r != '\r' {
			return false
		}
	}
	return true
}
