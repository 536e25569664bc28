package specs

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

const valid = "scenario: s\nsteps: []\n"

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFind(t *testing.T) {
	root := writeTree(t, map[string]string{
		"b.yaml": valid, "a.YML": valid, "sub/c.yml": valid,
		"testdata/x.yaml": valid, ".git/y.yaml": valid, "_draft/z.yaml": valid,
		"notes.txt": "", "later.feature": "", "test/node_modules/pkg/.travis.yml": "language: node_js\n",
	})
	got, err := Find([]string{root, filepath.Join(root, "b.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "a.YML"), filepath.Join(root, "b.yaml"), filepath.Join(root, "later.feature"), filepath.Join(root, "sub", "c.yml")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Find = %v\nwant %v", got, want)
	}
}

func TestFindRefuses(t *testing.T) {
	root := writeTree(t, map[string]string{"notes.txt": ""})
	tests := map[string]string{
		filepath.Join(root, "notes.txt"): "notes.txt: not a spec file (hubspec reads .feature, .yaml, .yml)",
		filepath.Join(root, "missing"):   "missing: no such file or directory",
	}
	for path, want := range tests {
		if _, err := Find([]string{path}); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("Find(%s) error %v, want one ending %q", path, err, want)
		}
	}
}

func TestLoad(t *testing.T) {
	root := writeTree(t, map[string]string{"ok.yaml": valid, "bad.yaml": "scenario: s\n", "x.txt": valid})
	scs, err := Load(filepath.Join(root, "ok.yaml"), Options{})
	if err != nil || len(scs) != 1 || scs[0].Name != "s" {
		t.Errorf("Load(ok.yaml) = %v, %v", scs, err)
	}
	for _, name := range []string{"bad.yaml", "x.txt"} {
		_, err := Load(filepath.Join(root, name), Options{})
		var ps runner.Problems
		if !errors.As(err, &ps) || len(ps) != 1 || !strings.HasPrefix(ps[0].Pos.File, root) {
			t.Errorf("Load(%s) error %v, want one problem in the file", name, err)
		}
	}
}

const validFeature = "Feature: f\n  Scenario: s\n    Given a device \"d-1\"\n    Then device \"d-1\" receives no message\n"

// TestLoadFeature: a .feature goes to the Gherkin front end, with the same options.
func TestLoadFeature(t *testing.T) {
	root := writeTree(t, map[string]string{
		"ok.feature":  validFeature,
		"var.feature": "Feature: f\n  Scenario: s\n    Given a group \"g\" of ${N} devices \"d-{n}\"\n",
		"bad.feature": "Feature: f\n  Scenario: s\n    Given a devise \"d-1\"\n",
	})
	scs, err := Load(filepath.Join(root, "ok.feature"), Options{})
	if err != nil || len(scs) != 1 || scs[0].Name != "s" || len(scs[0].Fleet) != 1 {
		t.Errorf("Load(ok.feature) = %v, %v; want the scenario s with its device", scs, err)
	}
	scs, err = Load(filepath.Join(root, "var.feature"), Options{Vars: map[string]string{"N": "3"}})
	if err != nil || len(scs) != 1 || scs[0].Fleet[0].Count != 3 {
		t.Errorf("Load(var.feature) with --var N=3 = %v, %v; want a group of 3", scs, err)
	}
	_, err = Load(filepath.Join(root, "bad.feature"), Options{})
	var ps runner.Problems
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Pos.Line != 3 || !strings.Contains(ps[0].Msg, `undefined step "a devise`) {
		t.Errorf("Load(bad.feature) error %v, want an undefined step at line 3", err)
	}
}

// TestFindBothKinds: a folder holding YAML scenarios and features yields both.
func TestFindBothKinds(t *testing.T) {
	root := writeTree(t, map[string]string{"a.yaml": valid, "b.feature": validFeature})
	files, err := Find([]string{root})
	if err != nil || len(files) != 2 {
		t.Fatalf("Find = %v, %v; want both files", files, err)
	}
	for _, f := range files {
		if scs, err := Load(f, Options{}); err != nil || len(scs) != 1 {
			t.Errorf("Load(%s) = %v, %v", f, scs, err)
		}
	}
}
