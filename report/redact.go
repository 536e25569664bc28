package report

import (
	"regexp"
	"strings"
)

// Mask replaces every secret Redact finds.
const Mask = "***"

// redaction is one secret shape: the pattern, whose groups before the secret are kept
// while the secret becomes Mask, and the lower-case words without which it cannot match
// (so that text with none of them skips the slow case-insensitive pattern).
type redaction struct {
	triggers []string
	pattern  *regexp.Regexp
}

// redactions are the secret shapes Redact masks, in the order it applies them.
var redactions = []redaction{
	// SharedAccessSignature=<token> in a device connection string (the token has a space).
	{[]string{"sharedaccesssignature"}, regexp.MustCompile(
		`(?i)(SharedAccessSignature\s*(?:=|%3D)\s*)(?:SharedAccessSignature(?:\s|%20|\+)+)?[^;\s"'<>\\]*`)},
	// A SAS token anywhere: "SharedAccessSignature sr=…&sig=…&se=…&skn=…", plain or URL-encoded.
	{[]string{"sharedaccesssignature"}, regexp.MustCompile(
		`(?i)(SharedAccessSignature(?:\s|%20|\+)+)(?:sr|sig|se|skn)(?:=|%3D)[^;\s"'<>\\]*`)},
	// Keys and key names: SharedAccessKey=…, SharedAccessKeyName=…, "primaryKey": "…".
	{[]string{"sharedaccesskey", "primarykey", "secondarykey"}, regexp.MustCompile(
		`(?i)((?:SharedAccessKeyName|SharedAccessKey|primaryKey|secondaryKey)\\?"?\s*(?:=|:|%3D)\s*\\?"?)[^;\s"'&<>,}\\]*`)},
	// Token fields on their own: sig=… and skn=… (a URL's query, a log line).
	{[]string{"sig=", "sig%3d", "skn=", "skn%3d"}, regexp.MustCompile(
		`(?i)((?:sig|skn)(?:=|%3D))[^&;\s"'<>\\]*`)},
}

// foldASCII maps the two non-ASCII letters that (?i) matches to ASCII ones (long s and
// the Kelvin sign) to them, so that the trigger check never skips a pattern that matches.
var foldASCII = strings.NewReplacer("\u017f", "s", "\u212a", "k")

// applies reports whether lower, the text in lower case, holds one of r's triggers.
func (r redaction) applies(lower string) bool {
	for _, t := range r.triggers {
		if strings.Contains(lower, t) {
			return true
		}
	}
	return false
}

// Redact masks the secrets in s: SAS tokens (SharedAccessSignature …), their sig and skn
// fields, SharedAccessKey and SharedAccessKeyName values and registry primaryKey and
// secondaryKey values. A connection string keeps its HostName and DeviceId and loses its
// credentials. Every report writer passes all its text through Redact.
//
// Redact finds labelled secrets only: a bare base64 key with no label around it cannot be
// told from other text, so the code that handles keys must never print one.
func Redact(s string) string {
	lower := foldASCII.Replace(strings.ToLower(s))
	for _, r := range redactions {
		if r.applies(lower) {
			s = r.pattern.ReplaceAllString(s, "${1}"+Mask)
		}
	}
	return s
}
