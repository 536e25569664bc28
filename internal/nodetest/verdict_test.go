package nodetest

import (
	"errors"
	"slices"
	"testing"
)

func TestParseVerdict(t *testing.T) {
	for _, tc := range []struct {
		name, stdout string
		want         Verdict
		wantErr      bool
	}{
		{name: "an SDK script's checks",
			stdout: `{"script":"c2d","ok":true,"checks":[{"name":"send","ok":true,"detail":""},{"name":"complete","ok":false,"detail":"got 2"}]}` + "\n",
			want:   Verdict{OK: true, Checks: []Check{{Name: "send", OK: true}, {Name: "complete", Detail: "got 2"}}}},
		{name: "a rhea script's fields after its log lines",
			stdout: "connecting\n{\"partial\": \n" + `{"ok":true,"received":10000,"tagLengths":[16]}` + "\n\n",
			want:   Verdict{OK: true}},
		{name: "a script that stopped", stdout: `{"ok":false,"error":"timed out"}`,
			want: Verdict{Error: "timed out"}},
		{name: "no output", stdout: " \n", wantErr: true},
		{name: "a last line that is not JSON", stdout: "{\"ok\":true}\nTypeError: x is undefined\n", wantErr: true},
		{name: "a JSON array", stdout: "[true]\n", wantErr: true},
		{name: "a JSON string", stdout: "\"ok\"\n", wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseVerdict([]byte(tc.stdout))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v; want one: %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if v.OK != tc.want.OK || v.Error != tc.want.Error || !slices.Equal(v.Checks, tc.want.Checks) {
				t.Errorf("%+v; want %+v", v, tc.want)
			}
			if v.Fields["ok"] != tc.want.OK || v.Line == "" {
				t.Errorf("fields %v, line %q; want the whole last line", v.Fields, v.Line)
			}
		})
	}
}

func TestParseVerdictKeepsEveryField(t *testing.T) {
	v, err := ParseVerdict([]byte(`{"ok":true,"received":10000,"tagLengths":[16],"nullSource":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if v.Fields["received"] != float64(10000) || v.Fields["tagLengths"].([]any)[0] != float64(16) || v.Fields["nullSource"] != true {
		t.Errorf("fields %v", v.Fields)
	}
}

func TestProblems(t *testing.T) {
	passed := Verdict{OK: true, Checks: []Check{{Name: "a", OK: true}, {Name: "b", OK: true}}}
	for _, tc := range []struct {
		name string
		v    Verdict
		want []string
		out  []string
	}{
		{"every check passed", passed, []string{"a", "b"}, nil},
		{"fields only, ok", Verdict{OK: true}, nil, nil},
		{"a wanted check did not run", passed, []string{"a", "c"}, []string{`check "c" did not run`}},
		{"a check failed", Verdict{Checks: []Check{{Name: "a", Detail: "got 2, want 1"}}}, []string{"a"},
			[]string{`check "a" failed: got 2, want 1`}},
		{"the script stopped", Verdict{Error: "timed out after 60000 ms", Checks: []Check{{Name: "a", OK: true}}}, []string{"a", "b"},
			[]string{`check "b" did not run`, "the script stopped: timed out after 60000 ms"}},
		{"not ok, no reason", Verdict{Line: `{"ok":false}`}, nil, []string{`the script did not say ok: {"ok":false}`}},
		{"ok but a failed exit", Verdict{OK: true, Exit: errors.New("exit status 1")}, nil,
			[]string{"the script said ok but exited: exit status 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.Problems(tc.want...); !slices.Equal(got, tc.out) {
				t.Errorf("problems %q; want %q", got, tc.out)
			}
		})
	}
}

func TestCheckFailsOnAProblemOnly(t *testing.T) {
	r := &recorder{TB: t}
	r.run(func(tb testing.TB) { Verdict{OK: true, Checks: []Check{{Name: "a", OK: true}}}.Check(tb, "a") })
	if r.failed {
		t.Errorf("a passing verdict failed the test: %q", r.msgs)
	}
	r = &recorder{TB: t}
	r.run(func(tb testing.TB) {
		Verdict{Script: "sdk/c2d.js", Stderr: "the stack", Checks: []Check{{Name: "a", Detail: "nope"}}}.Check(tb, "a")
		t.Error("Check returned after a failed check")
	})
	want := []string{`node sdk/c2d.js: check "a" failed: nope`, "node sdk/c2d.js failed; stderr:\nthe stack"}
	if !r.failed || !slices.Equal(r.msgs, want) {
		t.Errorf("failed %v, messages %q; want %q", r.failed, r.msgs, want)
	}
}
