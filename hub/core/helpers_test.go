package core

import (
	"encoding/base64"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// epoch is the fake clock's start.
var epoch = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

type testHub struct {
	*Hub
	clock *FakeClock
	t     *testing.T
}

// newTestHub starts a hub on a fake clock; cfg zero values take the fast
// profile.
func newTestHub(t *testing.T, cfg Config) *testHub {
	t.Helper()
	clock := NewFakeClock(epoch)
	h, err := New(cfg, Options{HostName: "myhub.azure-devices.net", Clock: clock})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return &testHub{Hub: h, clock: clock, t: t}
}

func (h *testHub) device(id string) Device {
	h.t.Helper()
	d, err := h.CreateDevice(DeviceSpec{DeviceID: id})
	if err != nil {
		h.t.Fatalf("CreateDevice(%s): %v", id, err)
	}
	return d
}

func (h *testHub) send(deviceID, messageID string, ack AckMode) *Message {
	h.t.Helper()
	m := &Message{MessageID: messageID, Ack: ack, Body: []byte("body of " + messageID)}
	if err := h.Enqueue(deviceID, m); err != nil {
		h.t.Fatalf("Enqueue(%s, %s): %v", deviceID, messageID, err)
	}
	return m
}

// counter is a notify func that counts its calls.
type counter struct{ n atomic.Int64 }

func (c *counter) notify()      { c.n.Add(1) }
func (c *counter) calls() int64 { return c.n.Load() }

func (h *testHub) receiver(deviceID string) (*DeviceReceiver, *counter) {
	h.t.Helper()
	c := &counter{}
	r, err := h.OpenDeviceReceiver(deviceID, c.notify)
	if err != nil {
		h.t.Fatalf("OpenDeviceReceiver(%s): %v", deviceID, err)
	}
	h.t.Cleanup(r.Close)
	return r, c
}

func mustReceive(t *testing.T, r *DeviceReceiver) Delivery {
	t.Helper()
	d, ok, err := r.TryReceive()
	if err != nil || !ok {
		t.Fatalf("TryReceive = ok %v, err %v; want a message", ok, err)
	}
	return d
}

func mustBeEmpty(t *testing.T, r *DeviceReceiver) {
	t.Helper()
	d, ok, err := r.TryReceive()
	if err != nil || ok {
		t.Fatalf("TryReceive = %v (id %v), ok %v, err %v; want nothing", d, idOf(d), ok, err)
	}
}

func idOf(d Delivery) any {
	if d.Message == nil {
		return nil
	}
	return d.Message.MessageID
}

// feedbackNow flushes the current batch by advancing past the batch interval,
// then drains the feedback queue, completing everything.
func (h *testHub) feedbackNow() []FeedbackRecord {
	h.t.Helper()
	h.clock.Advance(time.Duration(h.Config().Emulator.FeedbackBatchInterval))
	return h.drainFeedback()
}

func (h *testHub) drainFeedback() []FeedbackRecord {
	h.t.Helper()
	fr, err := h.OpenFeedbackReceiver(nil)
	if err != nil {
		h.t.Fatalf("OpenFeedbackReceiver: %v", err)
	}
	defer fr.Close()
	var out []FeedbackRecord
	for {
		d, ok, err := fr.TryReceive()
		if err != nil {
			h.t.Fatalf("feedback TryReceive: %v", err)
		}
		if !ok {
			return out
		}
		out = append(out, d.Records...)
		if err := fr.Complete(d.LockToken); err != nil {
			h.t.Fatalf("feedback Complete: %v", err)
		}
	}
}

func wantCode(t *testing.T, err error, sentinel *Error) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error = %v (code %q); want code %s", err, CodeOf(err), sentinel.Code)
	}
}

func statuses(rs []FeedbackRecord) []FeedbackStatus {
	out := make([]FeedbackStatus, len(rs))
	for i, r := range rs {
		out[i] = r.StatusCode
	}
	return out
}

func decodeKey(t *testing.T, key string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		t.Fatalf("key: %v", err)
	}
	return b
}

func encodeSig(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// wakeup returns a notify func that never blocks and the channel it signals.
func wakeup() (chan struct{}, func()) {
	c := make(chan struct{}, 1)
	return c, func() {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// consumeFeedback completes every feedback batch as the core notifies, handing
// each to fn, until stop closes.
func consumeFeedback(tb testing.TB, h *Hub, stop chan struct{}, fn func(FeedbackDelivery)) {
	wake, notify := wakeup()
	fr, err := h.OpenFeedbackReceiver(notify)
	if err != nil {
		tb.Error(err)
		return
	}
	defer fr.Close()
	for {
		for {
			d, ok, _ := fr.TryReceive()
			if !ok {
				break
			}
			fn(d)
			if err := fr.Complete(d.LockToken); err != nil {
				tb.Errorf("feedback complete: %v", err)
			}
		}
		select {
		case <-stop:
			return
		case <-wake:
		}
	}
}
