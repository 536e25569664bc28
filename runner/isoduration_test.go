package runner

import (
	"testing"
	"time"
)

func TestParseISODuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"PT1H", time.Hour},
		{"PT60S", time.Minute},
		{"P2D", 48 * time.Hour},
		{"P1DT12H", 36 * time.Hour},
		{"PT1M30S", 90 * time.Second},
		{"PT0.5S", 500 * time.Millisecond},
		{"pt5s", 5 * time.Second},
	}
	for _, tt := range tests {
		got, err := ParseISODuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseISODuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "P", "PT", "1H", "P1H", "P1M", "PT1X", "PT1H1H", "P1Y", "PT-1S", "PT99999999H"} {
		if got, err := ParseISODuration(in); err == nil {
			t.Errorf("ParseISODuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestFormatISODuration(t *testing.T) {
	tests := map[time.Duration]string{time.Hour: "PT1H", 90 * time.Second: "PT1M30S", 0: "PT0S", 100 * time.Millisecond: "PT0.1S", 48 * time.Hour: "PT48H"}
	for d, want := range tests {
		if got := FormatISODuration(d); got != want {
			t.Errorf("FormatISODuration(%v) = %q, want %q", d, got, want)
		}
	}
}
