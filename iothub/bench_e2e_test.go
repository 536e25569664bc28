package iothub

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
)

// Benchmarks against the embedded hub over TLS on loopback, hub and clients
// in one process:
//
//	go test ./iothub -run '^$' -bench 'Connect|Send' -benchmem
//
// The figures are the client's and the hub's work together.

// benchWorkers is how many connects or sends are in progress at once.
const benchWorkers = 16

// startBenchHub starts a quiet hub with n devices created in bulk and
// returns their connection strings.
func startBenchHub(b *testing.B, n int) (*e2eHub, []ConnectionString) {
	b.Helper()
	h := startHub(b, hub.Options{Logger: slog.New(slog.DiscardHandler)})
	fleet := make([]DeviceIdentity, n)
	for i := range fleet {
		fleet[i].DeviceID = fmt.Sprintf("bench-%04d", i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	created, err := h.registry().CreateDevices(ctx, fleet)
	if err != nil || created.Err() != nil {
		b.Fatalf("bulk create: %v %v", err, created.Err())
	}
	css := make([]ConnectionString, n)
	for i, d := range created.Devices {
		css[i] = d.ConnectionString(h.owner.HostName)
	}
	return h, css
}

// runWorkers runs op b.N times over benchWorkers goroutines; worker w makes
// calls i = w, w+benchWorkers, … It reports ops/s under unit.
func runWorkers(b *testing.B, unit string, op func(ctx context.Context, worker, i int) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var failed atomic.Bool
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for w := range benchWorkers {
		wg.Go(func() {
			for i := w; i < b.N && !failed.Load(); i += benchWorkers {
				if err := op(ctx, w, i); err != nil {
					failed.Store(true)
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit)
}

// BenchmarkConnect measures device connect + authenticate: with a
// connection of its own (TLS, AMQP open, $cbs, put-token, C2D link), and on
// one shared connection (put-token, session, C2D link). Each op also closes
// what it opened, so that the hub does not grow with b.N.
func BenchmarkConnect(b *testing.B) {
	b.Run("own-connection", func(b *testing.B) {
		h, css := startBenchHub(b, benchWorkers)
		runWorkers(b, "connects/s", func(ctx context.Context, w, _ int) error {
			d, err := OpenAMQPDevice(ctx, css[w], h.options())
			if err != nil {
				return err
			}
			return d.Close(ctx)
		})
	})
	b.Run("multiplexed", func(b *testing.B) {
		h, css := startBenchHub(b, benchWorkers)
		conn, err := NewDeviceConnection(context.Background(), h.owner.HostName, h.options())
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = conn.Close(context.Background()) }()
		runWorkers(b, "connects/s", func(ctx context.Context, w, _ int) error {
			d, err := conn.AddDevice(ctx, css[w])
			if err != nil {
				return err
			}
			return d.Close(ctx)
		})
	})
}

// BenchmarkSend measures C2D sends per second, pipelined on the service
// client's one link (benchWorkers sends awaiting the hub at once), to
// connected devices that receive and complete each message. One op is one
// send the hub accepted; ack none, 256-byte body.
func BenchmarkSend(b *testing.B) {
	for _, devices := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("devices=%d", devices), func(b *testing.B) {
			h, css := startBenchHub(b, devices)
			svc := h.service(h.options())
			sinks := make([]*deviceSink, devices)
			for i, cs := range css {
				sinks[i] = newDeviceSink(b, h.openDevice(cs, h.options()))
			}
			body := make([]byte, 256)
			runWorkers(b, "sends/s", func(ctx context.Context, _, i int) error {
				s := sinks[i%devices]
				if err := s.reserve(ctx); err != nil {
					return err
				}
				return svc.Send(ctx, s.d.DeviceID(), &Message{Body: body})
			})
		})
	}
}

// sinkWindow is how many messages senders keep ahead of a device's
// completions. A queue holds 50, and Complete returns once the hub has
// settled the message, so the queue never fills.
const sinkWindow = 40

// deviceSink receives and completes a device's messages, and keeps senders
// at most sinkWindow messages ahead of it.
type deviceSink struct {
	d     *AMQPDevice
	slots chan struct{}
}

// sinkReaders is how many goroutines receive and complete for one device,
// so that a device's settlements, each waiting for the hub, overlap.
const sinkReaders = 8

func newDeviceSink(b *testing.B, d *AMQPDevice) *deviceSink {
	s := &deviceSink{d: d, slots: make(chan struct{}, sinkWindow)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range sinkReaders {
		wg.Go(func() { s.drain(ctx) })
	}
	b.Cleanup(func() { cancel(); wg.Wait() })
	return s
}

// reserve takes a place in the device's queue, waiting for one to free.
func (s *deviceSink) reserve(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *deviceSink) drain(ctx context.Context) {
	for {
		m, err := s.d.Receive(ctx)
		if err != nil {
			return
		}
		if s.d.Complete(ctx, m) != nil {
			return
		}
		<-s.slots
	}
}
