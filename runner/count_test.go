package runner

import "testing"

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want Count
		str  string
	}{
		{"3", Exactly(3), "3"},
		{" 0 ", Exactly(0), "none"},
		{"none", Exactly(0), "none"},
		{">= 2", AtLeast(2), "at least 2"},
		{">=2", AtLeast(2), "at least 2"},
		{"<= 5", AtMost(5), "at most 5"},
		{"2..5", Count{Min: 2, Max: 5}, "2 to 5"},
	}
	for _, tt := range tests {
		got, err := ParseCount(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseCount(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("ParseCount(%q).String() = %q, want %q", tt.in, got.String(), tt.str)
		}
	}
}

func TestParseCountRefuses(t *testing.T) {
	for _, in := range []string{"", "three", "-1", ">=", ">= x", "5..2", "1..", "99999999999", "3.5"} {
		if c, err := ParseCount(in); err == nil {
			t.Errorf("ParseCount(%q) = %+v, want an error", in, c)
		}
	}
}

func TestCountHolds(t *testing.T) {
	tests := []struct {
		c    Count
		n    int
		want bool
	}{
		{Exactly(3), 3, true},
		{Exactly(3), 4, false},
		{Exactly(0), 0, true},
		{Exactly(0), 1, false},
		{AtLeast(2), 1, false},
		{AtLeast(2), 1000, true},
		{AtMost(2), 3, false},
		{AtMost(2), 0, true},
		{Count{Min: 2, Max: 4}, 4, true},
		{Count{Min: 2, Max: 4}, 5, false},
	}
	for _, tt := range tests {
		if got := tt.c.Holds(tt.n); got != tt.want {
			t.Errorf("%s holds %d = %v, want %v", tt.c, tt.n, got, tt.want)
		}
	}
}
