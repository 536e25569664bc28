package runner

import "testing"

func TestTagExprMatch(t *testing.T) {
	tests := []struct {
		expr string
		tags []string
		want bool
	}{
		{"", nil, true},
		{"@smoke", []string{"smoke"}, true},
		{"smoke", []string{"@smoke"}, true},
		{"@smoke", []string{"slow"}, false},
		{"@smoke and not @slow", []string{"smoke"}, true},
		{"@smoke and not @slow", []string{"smoke", "slow"}, false},
		{"@smoke && ~@slow", []string{"smoke", "slow"}, false},
		{"@smoke && !@slow", []string{"smoke"}, true},
		{"@a or @b", []string{"b"}, true},
		{"@a || @b", []string{"c"}, false},
		{"@a,@b", []string{"a"}, true},
		{"@a and (@b or @c)", []string{"a", "c"}, true},
		{"@a and (@b or @c)", []string{"b", "c"}, false},
		{"@a and @b or @c", []string{"c"}, true}, // and binds tighter than or
		{"not not @a", []string{"a"}, true},
		{"not (@a or @b)", nil, true},
	}
	for _, tt := range tests {
		e, err := ParseTagExpr(tt.expr)
		if err != nil {
			t.Fatalf("ParseTagExpr(%q): %v", tt.expr, err)
		}
		if got := e.Match(tt.tags); got != tt.want {
			t.Errorf("%q matching %v = %v, want %v", tt.expr, tt.tags, got, tt.want)
		}
	}
}

func TestTagExprRefuses(t *testing.T) {
	for _, expr := range []string{"and", "@a and", "(@a", "@a)", "@a @b", "not", "@", "@a & @b", "()"} {
		if _, err := ParseTagExpr(expr); err == nil {
			t.Errorf("ParseTagExpr(%q) succeeded, want an error", expr)
		}
	}
}

func FuzzTagExpr(f *testing.F) {
	for _, s := range []string{"@a and not (@b or @c)", "@a && ~@b", "@a,@b", "((((@a))))", "not"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := ParseTagExpr(expr)
		if err != nil {
			return
		}
		e.Match([]string{"a", "b"})
	})
}
