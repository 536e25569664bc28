package scenario

import (
	"strings"
	"testing"
)

// TestNoSecretInProblems: a variable may hold a secret from the environment, so no
// problem shows a variable's value, whatever is wrong with the text that uses it; each
// names the variable instead.
func TestNoSecretInProblems(t *testing.T) {
	const secret = "SharedAccessKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw=="
	src := `scenario: s
within: ${S}
hub:
  cloudToDevice: {maxDeliveryCount: "${S}", defaultTtlAsIso8601: "${S}"}
  emulator: {lockDuration: "${S}", profile: "${S}"}
fleet:
  - {group: g, id: "d-{n}", count: "${S}", online: "${S}", transport: "${S}", settle: "${S}", delay: "${S}"}
  - {group: h, id: "h-${B}", count: 2}
steps:
  - send:
      device: d-1
      messageId: "${B}"
      correlationId: "${B}-{i}"
      count: "${S}"
      ack: "${S}"
      ttl: "${S}"
      expiry: "${S}"
      outcome: "${S}"
      properties: {p: "x-${B}"}
      body: {base64: "${S}"}
  - send: {device: d-1, messageId: "m", body: {file: "${S}"}}
  - receives:
      device: d-1
      count: "${S}"
      order: "${S}"
      within: "${S}"
      messages:
        - {messageId: "${B}", correlationId: {matches: "${R}"}, properties: {p: {contains: "${B}"}}, deliveryCount: "${S}"}
  - feedback: {status: "${S}", within: "${S}"}
  - wait: {for: "${S}", reason: x}
`
	vars := map[string]string{"S": secret, "B": "{" + secret + "}", "R": "(" + secret}
	got := parseProblems(t, src, Options{Vars: vars})
	if got == "" {
		t.Fatal("no problem found")
	}
	if strings.Contains(got, "c2VjcmV0") || strings.Contains(got, "SharedAccessKey") {
		t.Errorf("a problem shows a variable's value:\n%s", got)
	}
	for _, want := range []string{
		`t.yaml:8:20: id: template "h-${B}": the value of ${B} holds a brace, which a template reads as a placeholder`,
		`t.yaml:12:18: messageId: template "${B}": the value of ${B} holds a brace`,
		`t.yaml:19:23: p: template "x-${B}": the value of ${B} holds a brace`,
		`t.yaml:28:56: correlationId: not a regular expression (Go's RE2 syntax) once ${R} is expanded: missing closing )`,
		`count: want a whole number from 1 to 10000, got "${S}"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem says %s:\n%s", want, got)
		}
	}
}
