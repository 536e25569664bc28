package steps

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/scenario"
)

// TestSameModelAsYAML: each feature in testdata/equivalent says in Gherkin what the
// YAML example of the same name in scenarios/ says, and both front ends must build the
// same model, positions aside. This is the proof that the step library can express
// what the YAML scenarios do, down to the last field.
func TestSameModelAsYAML(t *testing.T) {
	features, err := filepath.Glob("testdata/equivalent/*.feature")
	if err != nil || len(features) == 0 {
		t.Fatalf("no features in testdata/equivalent: %v", err)
	}
	for _, feature := range features {
		name := strings.TrimSuffix(filepath.Base(feature), ".feature")
		t.Run(name, func(t *testing.T) {
			fromYAML, err := scenario.Load(filepath.Join("..", "scenarios", name+".yaml"), scenario.Options{})
			if err != nil {
				t.Fatalf("the YAML example: %v", err)
			}
			fromGherkin, err := Load(feature, Options{})
			if err != nil {
				t.Fatalf("the feature: %v", err)
			}
			if len(fromGherkin) != 1 || len(fromYAML) != 1 {
				t.Fatalf("got %d scenarios from Gherkin and %d from YAML, want 1 each", len(fromGherkin), len(fromYAML))
			}
			want, got := withoutPositions(fromYAML[0]), withoutPositions(fromGherkin[0])
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the models differ:\n%s", modelDiff(got, want))
			}
		})
	}
}

var (
	posType    = reflect.TypeFor[runner.Pos]()
	keyPosType = reflect.TypeFor[runner.KeyPos]()
	sourceType = reflect.TypeFor[runner.Source]()
)

// withoutPositions returns a copy of sc with every position, key position, step source
// text and the description cleared: what is left is what the scenario means.
func withoutPositions(sc *runner.Scenario) *runner.Scenario {
	out := *sc
	out.Description = ""
	v := reflect.ValueOf(&out).Elem()
	clearPositions(v)
	return &out
}

func clearPositions(v reflect.Value) {
	switch {
	case v.Type() == posType && v.CanSet():
		v.Set(reflect.Zero(posType))
		return
	case v.Type() == keyPosType && v.CanSet():
		v.Set(reflect.Zero(keyPosType))
		return
	case v.Type() == sourceType && v.CanSet():
		v.Set(reflect.Zero(sourceType))
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			clearPositions(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				clearPositions(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			clearPositions(v.Index(i))
		}
	}
}

// modelDiff shows the first fields that differ, by path.
func modelDiff(got, want *runner.Scenario) string {
	var diffs []string
	diff(reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem(), "scenario", &diffs)
	return strings.Join(diffs, "\n")
}

func diff(got, want reflect.Value, path string, out *[]string) {
	if len(*out) > 20 {
		return
	}
	if got.Kind() != want.Kind() || !got.IsValid() || !want.IsValid() {
		*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, got, want))
		return
	}
	switch got.Kind() {
	case reflect.Pointer, reflect.Interface:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				*out = append(*out, fmt.Sprintf("%s: got %v, want %v", path, got, want))
			}
			return
		}
		diff(got.Elem(), want.Elem(), path, out)
	case reflect.Struct:
		for i := range got.NumField() {
			f := got.Type().Field(i)
			if f.IsExported() {
				diff(got.Field(i), want.Field(i), path+"."+f.Name, out)
			} else if !reflect.DeepEqual(got.Interface(), want.Interface()) {
				*out = append(*out, fmt.Sprintf("%s: got %+v, want %+v", path, got, want))
				return
			}
		}
	case reflect.Slice:
		if got.Len() != want.Len() {
			*out = append(*out, fmt.Sprintf("%s: %d items, want %d", path, got.Len(), want.Len()))
			return
		}
		for i := range got.Len() {
			diff(got.Index(i), want.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface()))
		}
	}
}
