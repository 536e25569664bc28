package scenario

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoadFleet1000 loads and checks the 1,000-device example: the cost of
// validation before a run starts.
func BenchmarkLoadFleet1000(b *testing.B) {
	path := filepath.Join(examplesDir, "fleet-1000.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLargeFleet loads a 100,000-device fleet with a hundred steps: the
// upper end of what one scenario may hold.
func BenchmarkLoadLargeFleet(b *testing.B) {
	var src strings.Builder
	src.WriteString("scenario: large\nfleet:\n  - {group: g, id: \"dev-{n}\", count: 100000}\nsteps:\n")
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&src, "  - send: {group: g, messageId: \"m%d-{run}-{device}\", ack: positive}\n  - receives: {group: g, count: %d}\n", i, i+1)
	}
	data := []byte(src.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("large.yaml", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
