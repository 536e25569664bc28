package iothub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// BenchmarkMQTTDeviceReceiveComplete measures C2D messages per second
// received and completed through MQTTDevice: each message is enqueued in the
// embedded hub's core, published by its MQTT head over TLS, decoded from its
// topic by the client, and completed by its PUBACK. Run it with
//
//	go test ./iothub -run '^$' -bench MQTT -benchmem
//
// BenchmarkAMQPDeviceReceiveComplete is the same through AMQPDevice, for the
// figure beside it.
func BenchmarkMQTTDeviceReceiveComplete(b *testing.B) {
	benchmarkReceiveComplete(b, func(ctx context.Context, h *mqttHub, cs ConnectionString) (Device, error) {
		return OpenMQTTDevice(ctx, cs, h.options())
	})
}

// BenchmarkAMQPDeviceReceiveComplete measures what
// BenchmarkMQTTDeviceReceiveComplete does, through AMQPDevice and the AMQP
// head.
func BenchmarkAMQPDeviceReceiveComplete(b *testing.B) {
	benchmarkReceiveComplete(b, func(ctx context.Context, h *mqttHub, cs ConnectionString) (Device, error) {
		return OpenAMQPDevice(ctx, cs, h.options())
	})
}

type openDevice func(context.Context, *mqttHub, ConnectionString) (Device, error)

// inTransit is how many messages a producer keeps queued for one device: a
// queue holds 50, and a completed message stays counted until its
// settlement reaches the hub.
const inTransit = 40

func benchmarkReceiveComplete(b *testing.B, open openDevice) {
	for _, devices := range []int{1, 10} {
		b.Run(fmt.Sprintf("devices=%d", devices), func(b *testing.B) {
			h := startMQTTHub(b, quietHub())
			body := make([]byte, 256)
			ds := openBenchDevices(b, h, open, devices)
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			for i, d := range ds {
				wg.Go(func() { pump(b, h, d, share(b.N, devices, i), body) })
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

func openBenchDevices(b *testing.B, h *mqttHub, open openDevice, n int) []Device {
	ds := make([]Device, n)
	for i := range ds {
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		d, err := open(ctx, h, h.addDevice(fmt.Sprintf("bench-%03d", i)))
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = d.Close(context.Background()) })
		ds[i] = d
	}
	return ds
}

// share is device i's part of n messages.
func share(n, devices, i int) int {
	if i < n%devices {
		return n/devices + 1
	}
	return n / devices
}

// pump sends n messages to d through the core, at most inTransit ahead of
// what d has completed, while d receives and completes them.
func pump(b *testing.B, h *mqttHub, d Device, n int, body []byte) {
	completed := make(chan struct{}, n)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- receiveAndComplete(ctx, d, n, completed) }()
	ahead := 0
	for sent := 0; sent < n; {
		if ahead == inTransit {
			<-completed
			ahead--
		}
		err := h.core.Enqueue(d.DeviceID(), &core.Message{MessageID: uint64(sent), Ack: core.AckFull, Body: body})
		switch {
		case errors.Is(err, core.ErrQueueFull) && ahead > 0:
			<-completed // let the device drain one
			ahead--
			continue
		case errors.Is(err, core.ErrQueueFull):
			time.Sleep(100 * time.Microsecond) // completions on their way to the hub
			continue
		case err != nil:
			b.Errorf("enqueue for %s: %v", d.DeviceID(), err)
			return
		}
		sent++
		ahead++
	}
	if err := <-done; err != nil {
		b.Error(err)
	}
}

func receiveAndComplete(ctx context.Context, d Device, n int, completed chan<- struct{}) error {
	for range n {
		m, err := d.Receive(ctx)
		if err != nil {
			return err
		}
		if err := d.Complete(ctx, m); err != nil {
			return err
		}
		completed <- struct{}{}
	}
	return nil
}
