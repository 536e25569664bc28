package core

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as an ISO-8601 duration ("PT1H", "P2D",
// "PT0.1S"), the form Azure uses for the *AsIso8601 settings. When decoding it
// also accepts a Go duration ("100ms", "1m30s") for convenience.
type Duration time.Duration

// maxISODuration bounds parsed durations far above any range the hub accepts,
// so that arithmetic on them cannot overflow.
const maxISODuration = 100 * 365 * 24 * time.Hour

// isoUnit is one designator of an ISO-8601 duration and its length.
type isoUnit struct {
	designator byte
	length     time.Duration
}

var (
	isoDateUnits = []isoUnit{{'W', 7 * 24 * time.Hour}, {'D', 24 * time.Hour}}
	isoTimeUnits = []isoUnit{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
)

// ParseISO8601Duration parses P[nW][nD][T[nH][nM][n[.f]S]]. Years and months
// are refused because they have no fixed length; only the last component may
// carry a fraction (comma or dot).
func ParseISO8601Duration(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok {
		return 0, fmt.Errorf("duration %q: an ISO-8601 duration starts with P (for example PT1H)", s)
	}
	date, clock, hasT := strings.Cut(rest, "T")
	if date == "" && (!hasT || clock == "") {
		return 0, fmt.Errorf("duration %q: no components after P", s)
	}
	if hasT && clock == "" {
		return 0, fmt.Errorf("duration %q: no components after T", s)
	}
	if strings.ContainsAny(date, "YM") {
		return 0, fmt.Errorf("duration %q: years and months have no fixed length; use days (D) or weeks (W)", s)
	}
	d, last, err := parseISOComponents(date, isoDateUnits, 0)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	if last && hasT {
		return 0, fmt.Errorf("duration %q: only the last component may have a fraction", s)
	}
	t, _, err := parseISOComponents(clock, isoTimeUnits, d)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return t, nil
}

// parseISOComponents adds the components of one part (date or time) to sum. It
// reports whether the last component read had a fraction.
func parseISOComponents(part string, units []isoUnit, sum time.Duration) (time.Duration, bool, error) {
	fraction := false
	for part != "" {
		if fraction {
			return 0, false, fmt.Errorf("only the last component may have a fraction")
		}
		i := strings.IndexFunc(part, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == ',') })
		if i <= 0 {
			return 0, false, fmt.Errorf("expected a number before %q", part)
		}
		unit, next, err := takeISOUnit(part[i], units)
		if err != nil {
			return 0, false, err
		}
		units = next
		n, frac, err := parseISONumber(part[:i])
		if err != nil {
			return 0, false, err
		}
		fraction = frac
		if sum, err = addISO(sum, n, unit.length); err != nil {
			return 0, false, err
		}
		part = part[i+1:]
	}
	return sum, fraction, nil
}

// takeISOUnit finds designator among units and returns it with the units that
// may still follow it (components must come in order, each at most once).
func takeISOUnit(designator byte, units []isoUnit) (isoUnit, []isoUnit, error) {
	for i, u := range units {
		if u.designator == designator {
			return u, units[i+1:], nil
		}
	}
	return isoUnit{}, nil, fmt.Errorf("unexpected or out-of-order designator %q", designator)
}

func parseISONumber(s string) (float64, bool, error) {
	s = strings.Replace(s, ",", ".", 1)
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false, fmt.Errorf("bad number %q", s)
	}
	return n, strings.Contains(s, "."), nil
}

func addISO(sum time.Duration, n float64, unit time.Duration) (time.Duration, error) {
	if n > float64(maxISODuration)/float64(unit) {
		return 0, fmt.Errorf("too long (more than 100 years)")
	}
	sum += time.Duration(math.Round(n * float64(unit)))
	if sum > maxISODuration {
		return 0, fmt.Errorf("too long (more than 100 years)")
	}
	return sum, nil
}

// FormatISO8601Duration writes d in the shortest ISO-8601 form: "PT1H", "P2D",
// "P1DT2H30M", "PT0.1S". Zero is "PT0S"; negative durations get a leading "-".
func FormatISO8601Duration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	b.WriteByte('P')
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d == 0 {
		return b.String()
	}
	b.WriteByte('T')
	writeISOClock(&b, d)
	return b.String()
}

func writeISOClock(b *strings.Builder, d time.Duration) {
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(b, "%dM", m)
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(strconv.FormatFloat(d.Seconds(), 'f', -1, 64))
		b.WriteByte('S')
	}
}

// ParseDuration reads an ISO-8601 duration, or a Go duration such as "100ms".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "P") {
		return ParseISO8601Duration(s)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: neither ISO-8601 (PT1H) nor Go (1h) form", s)
	}
	return d, nil
}

// String returns the ISO-8601 form.
func (d Duration) String() string { return FormatISO8601Duration(time.Duration(d)) }

// MarshalText writes the ISO-8601 form (used by JSON and YAML).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads an ISO-8601 or Go duration.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := ParseDuration(string(text))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
