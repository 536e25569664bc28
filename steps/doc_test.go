package steps

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/steps.md and the golden files in testdata")

// golden compares got with the file at path; -update rewrites the file first.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date (go test ./steps -update rewrites it); got:\n%s", path, got)
	}
}

// TestStepsDoc: docs/steps.md is the catalogue as WriteMarkdown writes it. It fails
// when either changes without the other; go test ./steps -run TestStepsDoc -update
// regenerates the page.
func TestStepsDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("..", "docs", "steps.md"), buf.Bytes())
}

// TestCatalogueText pins what `hubspec steps` prints, whole and filtered.
func TestCatalogueText(t *testing.T) {
	for name, filter := range map[string][]string{
		"all":         nil,
		"filter":      {"feedback", "WITHIN"},
		"filter-none": {"zeppelin"},
	} {
		var buf bytes.Buffer
		if err := WriteText(&buf, filter...); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "catalogue", name+".txt"), buf.Bytes())
	}
}

// TestStepsDocNamesEveryStep: the page has every phrase and example, and every
// placeholder and message field.
func TestStepsDocNamesEveryStep(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	for _, def := range catalogue {
		for _, want := range []string{"### `" + def.Phrase + "`", def.Example} {
			if !strings.Contains(doc, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
	}
	for _, p := range placeholders {
		if !strings.Contains(doc, "| `{"+p.name+"}` |") {
			t.Errorf("the page lacks the placeholder {%s}", p.name)
		}
	}
	for _, f := range fieldNames {
		if !strings.Contains(doc, "| `"+f+"` |") {
			t.Errorf("the page lacks the field %s", f)
		}
	}
}
