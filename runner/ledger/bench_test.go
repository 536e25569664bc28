package ledger

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// fleetDevices is the fleet size of the benchmarks: 10,000 devices, one message each, five
// events per message (sent, accepted, delivered, completed, feedback): 50,000 events.
const fleetDevices = 10_000

// deviceNames are the benchmark fleet's device ids, built once.
var deviceNames = func() []string {
	out := make([]string, fleetDevices)
	for i := range out {
		out[i] = fmt.Sprintf("thermostat-%d", i)
	}
	return out
}()

// recordFleet records one message's whole life per device, from workers goroutines.
func recordFleet(l *Ledger, workers int) {
	var wg sync.WaitGroup
	per := (fleetDevices + workers - 1) / workers
	for w := range workers {
		wg.Go(func() {
			for _, d := range deviceNames[min(w*per, fleetDevices):min((w+1)*per, fleetDevices)] {
				recordLife(l, d)
			}
		})
	}
	wg.Wait()
}

// recordLife records the five events of one message to device d.
func recordLife(l *Ledger, d string) {
	id := "msg-" + d
	now := time.Now()
	_ = l.RecordSent(Sent{MessageID: id, Device: d, Ack: AckFull, At: now})
	l.RecordSendOutcome(id, Accepted, "", now)
	l.RecordDelivery(Delivery{MessageID: id, Device: d, At: now})
	l.RecordSettlement(Settlement{MessageID: id, Device: d, Disposition: Complete, At: now})
	l.RecordFeedback(Feedback{MessageID: id, Device: d, Status: StatusSuccess, At: now})
}

// BenchmarkRecordFleet records a 10,000-device run (50,000 events) from 64 goroutines.
func BenchmarkRecordFleet(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		recordFleet(New(Options{}), 64)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*fleetDevices*5), "ns/event")
}

// BenchmarkAccountFleet accounts for the 10,000 messages of a recorded run.
func BenchmarkAccountFleet(b *testing.B) {
	l := New(Options{})
	recordFleet(l, 64)
	b.ReportAllocs()
	for b.Loop() {
		if a := l.Account(Rules{MaxDeliveryCount: 10}); len(a.Fates) != fleetDevices || !a.OK() {
			b.Fatalf("%d fates, problems %v", len(a.Fates), a.Problems()[:1])
		}
	}
}

// BenchmarkLatencies summarises the latencies of a recorded 10,000-device run.
func BenchmarkLatencies(b *testing.B) {
	l := New(Options{})
	recordFleet(l, 64)
	b.ReportAllocs()
	for b.Loop() {
		if lat := l.Latencies(); lat.SendToFeedback.Count != fleetDevices {
			b.Fatalf("latencies = %+v", lat)
		}
	}
}

// BenchmarkDeviceTimeline renders one device's timeline out of a 50,000-event ledger.
func BenchmarkDeviceTimeline(b *testing.B) {
	l := New(Options{})
	recordFleet(l, 64)
	b.ReportAllocs()
	for b.Loop() {
		if tl := l.Timeline(Filter{Device: "thermostat-4242", MaxLines: 20}); len(tl.Events) != 5 {
			b.Fatalf("%d events", len(tl.Events))
		}
	}
}
