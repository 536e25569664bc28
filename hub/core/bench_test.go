package core

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRoundTrip measures enqueue → receive → complete → feedback consumed
// through the core, from parallel goroutines over 100 devices, with a feedback
// consumer completing every batch. Reported: round trips per second.
func BenchmarkRoundTrip(b *testing.B) {
	const devices = 100
	h, err := New(Config{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	receivers := make([]*DeviceReceiver, devices)
	for i := range receivers {
		id := fmt.Sprint("dev", i)
		if _, err := h.CreateDevice(DeviceSpec{DeviceID: id}); err != nil {
			b.Fatal(err)
		}
		if receivers[i], err = h.OpenDeviceReceiver(id, nil); err != nil {
			b.Fatal(err)
		}
	}
	var records atomic.Int64
	stop := startFeedbackConsumer(b, h, &records)
	defer stop()
	var next atomic.Int64
	body := make([]byte, 100)

	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1)-1) % devices
		id, r := fmt.Sprint("dev", i), receivers[i]
		for pb.Next() {
			m := &Message{MessageID: "m", Ack: AckFull, Body: body, Properties: []Property{{"k", "v"}}}
			if err := h.Enqueue(id, m); err != nil {
				b.Error(err)
				return
			}
			d, ok, err := r.TryReceive()
			if !ok || err != nil {
				b.Errorf("receive: %v %v", ok, err)
				return
			}
			if err := r.Complete(d.LockToken); err != nil {
				b.Error(err)
				return
			}
		}
	})
	for records.Load() < int64(b.N) {
		runtime.Gosched()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
}

// startFeedbackConsumer completes every feedback batch, counting records.
func startFeedbackConsumer(b *testing.B, h *Hub, records *atomic.Int64) func() {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		consumeFeedback(b, h, stop, func(d FeedbackDelivery) { records.Add(int64(len(d.Records))) })
	}()
	return func() { close(stop); wg.Wait() }
}

// BenchmarkQueuedMessageMemory fills device queues with 100-byte messages (two
// properties, string ids) and reports the heap each queued message holds,
// message included.
func BenchmarkQueuedMessageMemory(b *testing.B) {
	const devices = 200
	for range b.N {
		h, err := New(Config{}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range devices {
			if _, err := h.CreateDevice(DeviceSpec{DeviceID: fmt.Sprint("dev", i)}); err != nil {
				b.Fatal(err)
			}
		}
		before := heapInUse()
		for i := range devices {
			for j := range MaxQueueDepth {
				m := &Message{MessageID: fmt.Sprintf("msg-%d-%d", i, j), CorrelationID: "corr", Ack: AckFull,
					Body: make([]byte, 100), Properties: []Property{{"k1", "value1"}, {"k2", "value2"}}}
				if err := h.Enqueue(fmt.Sprint("dev", i), m); err != nil {
					b.Fatal(err)
				}
			}
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/(devices*MaxQueueDepth), "B/queued-msg")
		runtime.KeepAlive(h)
		h.Close()
	}
}

// BenchmarkIdleDeviceMemory reports the heap one registered device with an
// open receiver and an empty queue costs in the core.
func BenchmarkIdleDeviceMemory(b *testing.B) {
	const devices = 2000
	for range b.N {
		h, err := New(Config{}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		before := heapInUse()
		rs := make([]*DeviceReceiver, devices)
		for i := range devices {
			id := fmt.Sprint("dev", i)
			if _, err := h.CreateDevice(DeviceSpec{DeviceID: id}); err != nil {
				b.Fatal(err)
			}
			if rs[i], err = h.OpenDeviceReceiver(id, func() {}); err != nil {
				b.Fatal(err)
			}
		}
		after := heapInUse()
		b.ReportMetric(float64(after-before)/devices, "B/idle-device")
		runtime.KeepAlive(rs)
		h.Close()
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkAuthenticate measures SAS validation of a device token.
func BenchmarkAuthenticate(b *testing.B) {
	h, err := New(Config{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	d, _ := h.CreateDevice(DeviceSpec{DeviceID: "dev1"})
	tok, _ := SignToken("localhost%2Fdevices%2Fdev1", "", d.PrimaryKey, time.Now().Add(time.Hour))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Authenticate(tok); err != nil {
			b.Fatal(err)
		}
	}
}
