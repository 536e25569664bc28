package runner

import (
	"fmt"
	"strconv"
	"strings"
)

// Unbounded is the Max of a [Count] with no upper bound.
const Unbounded = -1

// Count is an expected number of things: exactly n, at least n, at most n, or a range.
// The zero value means exactly zero ("none").
type Count struct {
	Min int
	Max int // Unbounded for no upper bound
}

// Exactly is the count n.
func Exactly(n int) Count { return Count{Min: n, Max: n} }

// AtLeast is n or more.
func AtLeast(n int) Count { return Count{Min: n, Max: Unbounded} }

// AtMost is n or fewer.
func AtMost(n int) Count { return Count{Min: 0, Max: n} }

// Holds reports whether n satisfies the count.
func (c Count) Holds(n int) bool {
	return n >= c.Min && (c.Max == Unbounded || n <= c.Max)
}

// String describes the count as a person reads it: "3", "at least 3", "none".
func (c Count) String() string {
	switch {
	case c.Max == Unbounded:
		return fmt.Sprintf("at least %d", c.Min)
	case c.Min == c.Max && c.Min == 0:
		return "none"
	case c.Min == c.Max:
		return strconv.Itoa(c.Min)
	case c.Min == 0:
		return fmt.Sprintf("at most %d", c.Max)
	}
	return fmt.Sprintf("%d to %d", c.Min, c.Max)
}

// ParseCount reads a count as written in a spec: "3", "none", ">= 3", "<= 3" or "2..5".
func ParseCount(s string) (Count, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "none":
		return Exactly(0), nil
	case strings.HasPrefix(s, ">="):
		n, err := countNumber(s[2:])
		return AtLeast(n), err
	case strings.HasPrefix(s, "<="):
		n, err := countNumber(s[2:])
		return AtMost(n), err
	case strings.Contains(s, ".."):
		return countRange(s)
	}
	n, err := countNumber(s)
	return Exactly(n), err
}

func countRange(s string) (Count, error) {
	lo, hi, _ := strings.Cut(s, "..")
	min, err := countNumber(lo)
	if err != nil {
		return Count{}, err
	}
	max, err := countNumber(hi)
	if err != nil {
		return Count{}, err
	}
	if min > max {
		return Count{}, fmt.Errorf("count range %q is empty: %d is more than %d", s, min, max)
	}
	return Count{Min: min, Max: max}, nil
}

// maxCount bounds every count a spec can state.
const maxCount = 10_000_000

func countNumber(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > maxCount {
		return 0, fmt.Errorf(`count %q is not a number from 0 to %d, "none", ">= N", "<= N" or "N..M"`, strings.TrimSpace(s), maxCount)
	}
	return n, nil
}
