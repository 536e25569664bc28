package runner

import "testing"

func TestPosString(t *testing.T) {
	tests := map[Pos]string{
		{File: "a.yaml", Line: 3, Col: 5}: "a.yaml:3:5",
		{File: "a.feature", Line: 3}:      "a.feature:3",
		{File: "a.yaml"}:                  "a.yaml",
	}
	for p, want := range tests {
		if got := p.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", p, got, want)
		}
	}
	if got := (Pos{File: "a", Line: 2}).From(Pos{File: "a", Line: 9}); got != "line 2" {
		t.Errorf("From the same file = %q, want %q", got, "line 2")
	}
	if got := (Pos{File: "a", Line: 2}).From(Pos{File: "b", Line: 9}); got != "a:2" {
		t.Errorf("From another file = %q, want %q", got, "a:2")
	}
}

func TestProblemsErr(t *testing.T) {
	var ps Problems
	if ps.Err() != nil {
		t.Error("no problems must be a nil error")
	}
	ps.Add(Pos{File: "b.yaml", Line: 1, Col: 1}, "second %s", "file")
	ps.Add(Pos{File: "a.yaml", Line: 9, Col: 2}, "later line")
	ps.Add(Pos{File: "a.yaml", Line: 2, Col: 4}, "first")
	want := "a.yaml:2:4: first\na.yaml:9:2: later line\nb.yaml:1:1: second file"
	if err := ps.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %q, want %q", err, want)
	}
}
