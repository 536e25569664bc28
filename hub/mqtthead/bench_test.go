package mqtthead_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/core"
)

// BenchmarkC2DToMQTTDevices measures C2D messages per second from
// core.Enqueue to paho devices over TLS, each completed by its PUBACK (paho
// acknowledges when its handler returns). Run it with
//
//	go test ./hub/mqtthead -run '^$' -bench . -benchmem
func BenchmarkC2DToMQTTDevices(b *testing.B) {
	for _, devices := range []int{1, 100} {
		b.Run(fmt.Sprintf("devices=%d", devices), func(b *testing.B) { benchmarkC2D(b, devices) })
	}
}

// inTransit is how many messages a producer keeps queued for one device: the
// queue holds 50, and a received message stays counted until its PUBACK
// reaches the hub.
const inTransit = 40

func benchmarkC2D(b *testing.B, devices int) {
	h := startHub(b, quiet())
	received := make([]chan struct{}, devices)
	for i := range devices {
		id := fmt.Sprintf("bench-%03d", i)
		received[i] = make(chan struct{}, core.MaxQueueDepth)
		benchDevice(h, id, received[i])
	}
	body := make([]byte, 256)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range devices {
		n := b.N / devices
		if i < b.N%devices {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			produce(b, h, fmt.Sprintf("bench-%03d", i), n, body, received[i])
		}()
	}
	wg.Wait()
	for i := range devices {
		id := fmt.Sprintf("bench-%03d", i)
		waitFor(b, id+"'s queue to empty", func() bool { return h.queueDepth(id) == 0 })
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// benchDevice connects a device that signals each message it receives and
// acknowledges it when the handler returns.
func benchDevice(h *testHub, id string, received chan<- struct{}) {
	d := h.connect(id, h.addDevice(id))
	tok := d.client.Subscribe("devices/"+id+"/messages/devicebound/#", 1, func(_ paho.Client, m paho.Message) {
		m.Ack()
		received <- struct{}{}
	})
	if !tok.WaitTimeout(patience) || tok.Error() != nil {
		h.t.Fatalf("subscribe %s: %v", id, tok.Error())
	}
}

// produce sends n messages to a device, never more than inTransit ahead of
// what it has received.
func produce(b *testing.B, h *testHub, id string, n int, body []byte, received <-chan struct{}) {
	ahead := 0
	for sent := 0; sent < n; {
		if ahead == inTransit {
			<-received
			ahead--
		}
		err := h.core.Enqueue(id, &core.Message{MessageID: uint64(sent), Ack: core.AckFull, Body: body})
		switch {
		case errors.Is(err, core.ErrQueueFull) && ahead > 0:
			<-received // wait for the device to drain one
			ahead--
			continue
		case err != nil:
			b.Errorf("Enqueue(%s): %v", id, err)
			return
		}
		sent++
		ahead++
	}
	for ; ahead > 0; ahead-- {
		<-received
	}
}
