package hub

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// benchHub is a hub for a benchmark with go-amqp clients over TLS.
type benchHub struct {
	*Server
	b    *testing.B
	ctx  context.Context
	amqp amqptest.Hub
}

func startBenchHub(b *testing.B) *benchHub {
	b.Helper()
	s, err := Start(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	b.Cleanup(cancel)
	return &benchHub{Server: s, b: b, ctx: ctx, amqp: amqptest.Hub{Addr: s.AMQPAddr(), TLS: s.ClientTLSConfig()}}
}

func (h *benchHub) open(cs string) *amqptest.Client {
	h.b.Helper()
	p, err := amqptest.ParseConnectionString(cs)
	if err != nil {
		h.b.Fatal(err)
	}
	c, err := amqptest.Open(h.ctx, h.amqp, p)
	if err != nil {
		h.b.Fatal(err)
	}
	h.b.Cleanup(func() { _ = c.Close() })
	return c
}

// BenchmarkC2DRoundTrip measures C2D round trips through the embedded hub
// over TLS, to AMQP devices and to MQTT devices in turn: a service sends over
// AMQP with ack full to 100 connected devices (one connection each), the
// devices complete (an AMQP accepted disposition; an MQTT PUBACK), the
// service consumes the feedback. One op is one message from send to its
// Success record.
func BenchmarkC2DRoundTrip(b *testing.B) {
	b.Run("AMQP", func(b *testing.B) { benchmarkRoundTrip(b, (*benchHub).startCompleter) })
	b.Run("MQTT", func(b *testing.B) { benchmarkRoundTrip(b, (*benchHub).startMQTTCompleter) })
}

// benchmarkRoundTrip runs BenchmarkC2DRoundTrip with devices connected by
// connect, which completes every message the device receives.
func benchmarkRoundTrip(b *testing.B, connect func(h *benchHub, cs, id string)) {
	const devices = 100
	h := startBenchHub(b)
	ids := make([]string, devices)
	for i := range ids {
		ids[i] = fmt.Sprintf("bench-%03d", i)
		cs, err := h.AddDevice(ids[i])
		if err != nil {
			b.Fatal(err)
		}
		connect(h, cs, ids[i])
	}
	svc := h.open(h.ConnectionString())
	sender, err := svc.NewSender(h.ctx)
	if err != nil {
		b.Fatal(err)
	}
	feedback, err := svc.NewReceiver(h.ctx, amqptest.FeedbackAddress, 100)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	records := make(chan int, 1)
	go func() { records <- h.countFeedback(feedback, b.N) }()
	h.sendAll(sender, ids, b.N)
	if got := <-records; got < b.N {
		b.Fatalf("%d feedback records for %d messages", got, b.N)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/roundtrip")
}

// cpuTime is the CPU time (user and system) the process has used: hub and
// clients together. On a shared machine it says more than the wall clock:
// 2 cores give 2 s of CPU a second.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startCompleter connects a device over AMQP and completes every message it
// receives, until the benchmark's context ends.
func (h *benchHub) startCompleter(cs, id string) {
	r, err := h.open(cs).NewReceiver(h.ctx, amqptest.DeviceBound(id), 50)
	if err != nil {
		h.b.Fatal(err)
	}
	go func() {
		for {
			m, err := r.Receive(h.ctx, nil)
			if err != nil {
				return
			}
			_ = r.AcceptMessage(h.ctx, m)
		}
	}()
}

// startMQTTCompleter connects a device over MQTT as the SDKs do and
// subscribes it at QoS 1; paho sends the PUBACK, which completes the message,
// as soon as the handler returns.
func (h *benchHub) startMQTTCompleter(cs, id string) {
	p, err := amqptest.ParseConnectionString(cs)
	if err != nil {
		h.b.Fatal(err)
	}
	o, err := mqttOptions(h.Server, p)
	if err != nil {
		h.b.Fatal(err)
	}
	client := paho.NewClient(o)
	if err := waitToken(client.Connect()); err != nil {
		h.b.Fatalf("MQTT device %s: %v", id, err)
	}
	h.b.Cleanup(func() { client.Disconnect(0) })
	if err := waitToken(client.Subscribe(c2dFilter(id), 1, func(paho.Client, paho.Message) {})); err != nil {
		h.b.Fatalf("MQTT device %s: subscribe: %v", id, err)
	}
}

// sendAll sends n messages round robin from 64 goroutines sharing the one
// link, retrying a message its device's full queue refused.
func (h *benchHub) sendAll(sender *amqp.Sender, ids []string, n int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				h.sendOne(sender, ids[i%int64(len(ids))], i)
			}
		})
	}
	wg.Wait()
}

func (h *benchHub) sendOne(sender *amqp.Sender, id string, i int64) {
	m := amqptest.C2D(id, []byte(`{"setpoint":21.5}`), "full")
	m.Properties.MessageID = strconv.FormatInt(i, 10)
	for {
		err := sender.Send(h.ctx, m, nil)
		if err == nil {
			return
		}
		var ae *amqp.Error
		if !errors.As(err, &ae) || ae.Condition != "amqp:resource-limit-exceeded" {
			h.b.Errorf("send: %v", err)
			return
		}
		time.Sleep(time.Millisecond) // the device's queue is full: let it drain
	}
}

// countFeedback completes feedback messages until want records came.
func (h *benchHub) countFeedback(r *amqp.Receiver, want int) int {
	got := 0
	for got < want {
		m, err := r.Receive(h.ctx, nil)
		if err != nil {
			return got
		}
		var rs []json.RawMessage
		_ = json.Unmarshal(m.GetData(), &rs)
		got += len(rs)
		_ = r.AcceptMessage(h.ctx, m)
	}
	return got
}

// heapInUse is the live heap and goroutine stacks after a collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc + ms.StackInuse
}

// BenchmarkMemoryPerQueuedMessage measures what the hub holds for each C2D
// message waiting in a device queue (100-byte body, two properties, ack full),
// sent over AMQP; 200 devices hold 50 each.
func BenchmarkMemoryPerQueuedMessage(b *testing.B) {
	const devices, perDevice = 200, 50
	h := startBenchHub(b)
	svc := h.open(h.ConnectionString())
	sender, err := svc.NewSender(h.ctx)
	if err != nil {
		b.Fatal(err)
	}
	body := make([]byte, 100)
	for range b.N {
		ids := h.addDevices(b, devices)
		before := heapInUse()
		for _, id := range ids {
			for j := range perDevice {
				m := amqptest.C2D(id, body, "full")
				m.Properties.MessageID = fmt.Sprintf("%s-%d", id, j)
				m.ApplicationProperties["room"] = "kitchen"
				if err := sender.Send(h.ctx, m, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(heapInUse()-before)/(devices*perDevice), "B/queued-msg")
		for _, id := range ids {
			_ = h.core.DeleteDevice(id, "*")
		}
	}
}

func (h *benchHub) addDevices(b *testing.B, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("dev-%d-%d", time.Now().UnixNano(), i)
		if _, err := h.AddDevice(ids[i]); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// BenchmarkMemoryPerIdleDevice measures what the hub holds for each connected
// idle device: a TLS connection, CBS with a device token, a C2D link with
// credit 50. The devices run in a child process, so that only the hub's
// memory is counted here.
func BenchmarkMemoryPerIdleDevice(b *testing.B) {
	const devices = 500
	h := startBenchHub(b)
	for range b.N {
		css := make([]string, devices)
		for i, id := range h.addDevices(b, devices) {
			css[i], _ = h.core.DeviceConnectionString(id)
		}
		before := heapInUse()
		stop := h.startDeviceProcess(css)
		b.ReportMetric(float64(heapInUse()-before)/devices, "B/idle-device")
		stop()
	}
}

// startDeviceProcess runs TestHelperIdleDevices in a child process, waits
// until every device is connected, and returns the function that ends it.
func (h *benchHub) startDeviceProcess(css []string) func() {
	dir := h.b.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			h.b.Fatal(err)
		}
		return p
	}
	list, _ := json.Marshal(css)
	cmd := exec.CommandContext(h.ctx, os.Args[0], "-test.run=^TestHelperIdleDevices$")
	cmd.Env = append(os.Environ(), "HUBSPEC_IDLE_DEVICES="+write("devices.json", list),
		"HUBSPEC_IDLE_CA="+write("ca.pem", h.CAPEM()), "HUBSPEC_IDLE_ADDR="+h.AMQPAddr())
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		h.b.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "ready" {
	}
	if sc.Text() != "ready" {
		h.b.Fatalf("the device process did not connect its devices")
	}
	return func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	}
}
