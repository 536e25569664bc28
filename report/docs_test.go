package report

import (
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestJSONSchemaIsDocumented checks the field table of docs/reports.md against the golden
// JSON report: every field the report has is documented, and every documented field is
// in the report.
func TestJSONSchemaIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/reports.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedFields(t, string(doc))
	data, err := os.ReadFile("testdata/report.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	jsonFields(v, "", present)
	for f := range present {
		if !documented[f] {
			t.Errorf("field %s is in the report but not in docs/reports.md", f)
		}
	}
	for f := range documented {
		if !present[f] {
			t.Errorf("field %s is documented but not in the golden report", f)
		}
	}
}

// documentedFields reads the field names from the table between the json-fields markers.
func documentedFields(t *testing.T, doc string) map[string]bool {
	_, rest, ok := strings.Cut(doc, "<!-- json-fields")
	table, _, ok2 := strings.Cut(rest, "<!-- /json-fields -->")
	if !ok || !ok2 {
		t.Fatal("docs/reports.md has no json-fields table")
	}
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([^`]+)` \\|").FindAllStringSubmatch(table, -1) {
		out[m[1]] = true
	}
	if len(out) < 20 {
		t.Fatalf("only %d documented fields", len(out))
	}
	return out
}

// jsonFields collects the paths of v's fields; properties objects hold free names.
func jsonFields(v any, path string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			p := strings.TrimPrefix(path+"."+k, ".")
			out[p] = true
			if k != "properties" {
				jsonFields(x[k], p, out)
			}
		}
	case []any:
		for _, e := range x {
			jsonFields(e, path+"[]", out)
		}
	}
}
