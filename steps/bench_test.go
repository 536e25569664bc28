package steps

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoad measures reading the project's features: parse, godog's matching and
// runner.Check, per file.
func BenchmarkLoad(b *testing.B) {
	files, _ := filepath.Glob("../features/*.feature")
	data := make([][]byte, len(files))
	for i, f := range files {
		var err error
		if data[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, f := range files {
			if _, err := Parse(f, data[i], Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(files)), "µs/file")
}

// BenchmarkLoadLargeOutline measures an outline of 1,000 rows: 1,000 scenarios.
func BenchmarkLoadLargeOutline(b *testing.B) {
	data := []byte("Feature: f\n  Background:\n    Given a device \"d-1\"\n  Scenario Outline: s\n" +
		"    When the back end sends message \"m\" to device \"d-1\" with ack <ack>\n" +
		"    Then device \"d-1\" receives 1 message\n    Examples:\n      | ack | n |\n")
	for i := range 1000 {
		data = append(data, []byte("      | full | "+string(rune('0'+i%10))+" |\n")...)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("f.feature", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
