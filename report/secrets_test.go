package report

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// secretShapes are what a leaked secret looks like: a label followed by key material.
var secretShapes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)SharedAccessSignature(\s|%20|\+)+(sr|sig|se|skn)(=|%3D)`),
	regexp.MustCompile(`(?i)SharedAccessKey(Name)?\s*=\s*[A-Za-z0-9+/]`),
	regexp.MustCompile(`(?i)(^|[^a-z0-9_])(sig|skn)(=|%3D)[A-Za-z0-9%+/]`),
	regexp.MustCompile(`(?i)"(primary|secondary)Key"\s*:\s*"[A-Za-z0-9+/]`),
}

// scanSecrets lists the secrets found in text: the fixture's own key and signature, and
// anything of a secret's shape.
func scanSecrets(text string) []string {
	var found []string
	for _, s := range []string{testKey, testSig, url.QueryEscape(testSig)} {
		if strings.Contains(text, s) {
			found = append(found, s)
		}
	}
	for _, re := range secretShapes {
		found = append(found, re.FindAllString(text, -1)...)
	}
	return found
}

// TestTheFixtureHoldsSecrets keeps the secret scan honest: the fixture the writers render
// must be full of the secrets the scan looks for.
func TestTheFixtureHoldsSecrets(t *testing.T) {
	if found := scanSecrets(fmt.Sprintf("%+v", fixtureRun())); len(found) < 6 {
		t.Fatalf("the fixture holds only %d secrets: %q", len(found), found)
	}
}

// TestNoSecretInAnyGoldenFile scans every golden file under testdata/.
func TestNoSecretInAnyGoldenFile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden.*"))
	if err != nil || len(files) < 5 {
		t.Fatalf("golden files %v (%v): want at least 5", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if found := scanSecrets(string(data)); len(found) > 0 {
			t.Errorf("%s shows secrets: %q", f, found)
		}
	}
}

// TestNoSecretInAnyOutput renders the fixture with every writer and scans the output.
func TestNoSecretInAnyOutput(t *testing.T) {
	outputs := map[string]func(*bytes.Buffer) error{
		"junit": func(b *bytes.Buffer) error { return WriteJUnit(b, fixtureRun()) },
		"json":  func(b *bytes.Buffer) error { return WriteJSON(b, fixtureRun()) },
		"console": func(b *bytes.Buffer) error {
			c := NewConsole(b, ConsoleOptions{IsTerminal: func() bool { return true }})
			c.Progress("provisioning with "+fixtureConnString, 1, 2)
			playRun(c, secretRun())
			return nil
		},
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if found := scanSecrets(b.String()); len(found) > 0 {
			t.Errorf("%s output shows secrets: %q", name, found)
		}
	}
}

// secretRun is the fixture with a secret in every text field a console line shows.
func secretRun() Run {
	run := fixtureRun()
	for si := range run.Suites {
		run.Suites[si].File += " " + fixtureConnString
		for ci := range run.Suites[si].Cases {
			c := &run.Suites[si].Cases[ci]
			c.Name += " " + fixtureToken
			c.Message = "sig=" + testSig + " " + c.Message
			c.Timeline += fixtureConnString + "\n"
		}
	}
	return run
}
