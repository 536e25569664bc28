package runner_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
	"github.com/hubspec/hubspec/runner/scenario"
)

// BenchmarkFleet1000 runs scenarios/fleet-1000.yaml end to end on an embedded hub: 1,000
// devices provisioned in bulk and connected over shared AMQP connections, a message
// each, received, completed and confirmed by Success feedback, every message accounted
// for, the devices deleted. It reports the heap the run needed at most (peak-heap-MiB,
// sampled while it runs).
func BenchmarkFleet1000(b *testing.B) {
	scs, err := scenario.Load("../scenarios/fleet-1000.yaml", scenario.Options{})
	if err != nil {
		b.Fatal(err)
	}
	e, err := runner.NewEngine(runner.EngineOptions{})
	if err != nil {
		b.Fatal(err)
	}
	stop := sampleHeap()
	for b.Loop() {
		if c := e.Run(context.Background(), scs[0]); c.Status != report.Passed {
			b.Fatalf("%s: %s", c.Status, c.Explanation)
		}
	}
	b.ReportMetric(stop(), "peak-heap-MiB")
}

// sampleHeap samples the heap in use until the returned function is called, which
// returns the largest sample in MiB.
func sampleHeap() func() float64 {
	done := make(chan float64)
	quit := make(chan struct{})
	go func() {
		tick := time.NewTicker(10 * time.Millisecond) // ReadMemStats stops the world: not too often
		defer tick.Stop()
		var peak uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-quit:
				done <- float64(peak) / (1 << 20)
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(quit)
		return <-done
	}
}
