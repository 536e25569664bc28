package report

import "testing"

func TestClassname(t *testing.T) {
	tests := []struct{ file, want string }{
		{"features/feedback.feature", "features.feedback"},
		{"scenarios/seed.yaml", "scenarios.seed"},
		{"./scenarios/fleet/thermostats.v2.yml", "scenarios.fleet.thermostats_v2"},
		{`scenarios\windows\path.yaml`, "scenarios.windows.path"},
		{"../elsewhere/x.yaml", "elsewhere.x"},
		{"/abs/path/x.yaml", "abs.path.x"},
		{"noext", "noext"},
		{"dir.v1/.hidden.yaml", "dir_v1._hidden"},
		{"", "hubspec"},
		{"./.yaml", "hubspec"},
	}
	for _, tc := range tests {
		if got := Classname(tc.file); got != tc.want {
			t.Errorf("Classname(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func TestUniqueNames(t *testing.T) {
	run := Run{Suites: []Suite{
		{File: "a.yaml", Cases: []Case{{Name: "x", Line: 1}, {Name: "x", Line: 5}, {Name: "x", Line: 5}, {Line: 9}}},
		// The same file twice: the same classname, so names must differ across suites too.
		{File: "a.yaml", Cases: []Case{{Name: "x", Line: 1}}},
		{File: "b.yaml", Cases: []Case{{Name: "x", Line: 1}}},
	}}
	uniqueNames(&run)
	want := [][]string{{"x", "x (line 5)", "x (line 5) #2", "scenario at line 9"}, {"x (line 1)"}, {"x"}}
	for si, s := range run.Suites {
		for ci, c := range s.Cases {
			if c.Name != want[si][ci] {
				t.Errorf("suite %d case %d: name %q, want %q", si, ci, c.Name, want[si][ci])
			}
		}
	}
}
