package scenario

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

func sendBodies(t *testing.T, file string, src string) [][]byte {
	t.Helper()
	scs, err := Parse(file, []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var bodies [][]byte
	for _, s := range scs[0].Steps {
		bodies = append(bodies, s.(*runner.Send).Body)
	}
	return bodies
}

func TestBodies(t *testing.T) {
	dir := t.TempDir()
	payload := []byte{0, 1, 2, 0xff}
	if err := os.MkdirAll(filepath.Join(dir, "payloads"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "payloads", "fw.bin"), payload, 0o644); err != nil {
		t.Fatal(err)
	}
	src := `scenario: bodies
fleet: [{id: d}]
steps:
  - send: {device: d, messageId: "a", body: plain text}
  - send: {device: d, messageId: "b", body: {text: "{not a template}"}}
  - send: {device: d, messageId: "c", body: {json: {z: 1, a: [true, null, "x"], m: {k: 2.5}}}}
  - send: {device: d, messageId: "e", body: {base64: "AAEC /w=="}}
  - send: {device: d, messageId: "f", body: {file: payloads/fw.bin}}
  - send: {device: d, messageId: "g"}
`
	got := sendBodies(t, filepath.Join(dir, "s.yaml"), src)
	want := [][]byte{
		[]byte("plain text"),
		[]byte("{not a template}"),
		[]byte(`{"z":1,"a":[true,null,"x"],"m":{"k":2.5}}`), // key order kept
		payload,
		payload,
		nil,
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("body %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestJSONBodyRefusesWhatJSONCannotHold(t *testing.T) {
	src := "scenario: s\nfleet: [{id: d}]\nsteps:\n  - send: {device: d, body: {json: {x: .nan}}}\n"
	if got := parseProblems(t, src, Options{}); !strings.Contains(got, `t.yaml:4:40: json: ".nan" cannot be written as JSON`) {
		t.Errorf("problems %q", got)
	}
}

// TestAliasBomb: aliases that multiply a JSON value are cut off, not expanded.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	src := "x:\n" + indent(b.String()) + "scenario: bomb\nfleet: [{id: d}]\nsteps:\n  - send: {device: d, body: {json: *a9}}\n"
	got := parseProblems(t, src, Options{})
	if !strings.Contains(got, "json: the value is too large or nested more than 64 deep") {
		t.Errorf("problems %q, want the value refused as too large", got)
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

func TestFileTooLarge(t *testing.T) {
	_, err := Parse("big.yaml", make([]byte, MaxFileSize+1), Options{})
	if err == nil || !strings.Contains(err.Error(), "big.yaml: the file is over") {
		t.Errorf("error %v", err)
	}
}

// TestCyclicAlias: an alias inside the value it names ends in a problem, not a loop.
func TestCyclicAlias(t *testing.T) {
	src := "scenario: s\nfleet: [{id: d}]\nsteps: &steps\n  - send: {device: d, body: {json: &a [1, *a]}}\n  - *steps\n"
	got := parseProblems(t, src, Options{})
	for _, want := range []string{"json: the value is too large or nested more than 64 deep", "a step is a mapping such as send: {…}"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q, want one containing %q", got, want)
		}
	}
}
