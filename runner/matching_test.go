package runner

import "testing"

func TestMatchEntries(t *testing.T) {
	for _, tt := range []struct {
		name  string
		pairs [][]bool // pairs[entry][candidate]
		want  int
	}{
		{"no entries", nil, -1},
		{"one to one", [][]bool{{true}}, -1},
		{"entry without a candidate", [][]bool{{false, false}}, 0},
		// The first entry takes candidate 0 greedily; the second needs it, so the first
		// must move to candidate 1.
		{"an earlier entry moves over", [][]bool{{true, true}, {true, false}}, -1},
		{"two entries, one candidate", [][]bool{{true}, {true}}, 1},
		{"three entries, two candidates", [][]bool{{true, true}, {true, true}, {true, true}}, 2},
		{"more candidates than entries", [][]bool{{false, false, true}}, -1},
	} {
		m := 0
		if len(tt.pairs) > 0 {
			m = len(tt.pairs[0])
		}
		got := matchEntries(len(tt.pairs), m, func(e, c int) bool { return tt.pairs[e][c] })
		if got != tt.want {
			t.Errorf("%s: matchEntries = %d, want %d", tt.name, got, tt.want)
		}
	}
}
