package runner

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseISODuration reads an ISO-8601 duration as Azure writes hub settings: PT1H, PT60S,
// P2D, P1DT12H, PT1.5S. Years, months and weeks are refused: their length is not fixed.
func ParseISODuration(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "P")
	if !ok || rest == "" || rest == "T" {
		return 0, fmt.Errorf("%q is not an ISO-8601 duration such as PT1H, PT30S or P2D", s)
	}
	datePart, timePart, hasT := strings.Cut(rest, "T")
	if hasT && timePart == "" {
		return 0, fmt.Errorf("%q: nothing after T", s)
	}
	days, err := isoFields(s, datePart, map[byte]time.Duration{'D': 24 * time.Hour})
	if err != nil {
		return 0, err
	}
	clock, err := isoFields(s, timePart, map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second})
	return days + clock, err
}

// maxISODuration bounds a parsed duration far below overflow.
const maxISODuration = 365 * 24 * time.Hour

func isoFields(s, part string, units map[byte]time.Duration) (time.Duration, error) {
	var total time.Duration
	seen := map[byte]bool{}
	for part != "" {
		i := strings.IndexFunc(part, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		if i <= 0 || units[part[i]] == 0 || seen[part[i]] {
			return 0, fmt.Errorf("%q is not an ISO-8601 duration such as PT1H, PT30S or P2D", s)
		}
		n, err := strconv.ParseFloat(part[:i], 64)
		if err != nil || n*float64(units[part[i]]) > float64(maxISODuration) {
			return 0, fmt.Errorf("%q: %q is not a number of at most a year", s, part[:i+1])
		}
		seen[part[i]] = true
		total += time.Duration(n * float64(units[part[i]]))
		part = part[i+1:]
	}
	if total > maxISODuration {
		return 0, fmt.Errorf("%q is longer than a year", s)
	}
	return total, nil
}

// FormatISODuration writes d the way Azure does, e.g. PT1H or PT1M30S.
func FormatISODuration(d time.Duration) string {
	var b strings.Builder
	b.WriteString("PT")
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if d > 0 || b.Len() == 2 {
		b.WriteString(strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "S")
	}
	return b.String()
}
