package core

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// TestNotifyIsNeverCalledUnderALock has notify call back into the core
// synchronously, re-entering through settle; a notify made under a core lock
// would deadlock.
func TestNotifyIsNeverCalledUnderALock(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	var r *DeviceReceiver
	var fr *FeedbackReceiver
	var completed, records atomic.Int64
	notify := func() {
		for {
			d, ok, err := r.TryReceive()
			if !ok || err != nil {
				return
			}
			if d.DeliveryCount == 0 {
				_ = r.Abandon(d.LockToken) // notifies again, re-entrantly
			} else if r.Complete(d.LockToken) == nil {
				completed.Add(1)
			}
		}
	}
	feedbackNotify := func() {
		for {
			d, ok, err := fr.TryReceive()
			if !ok || err != nil {
				return
			}
			if fr.Complete(d.LockToken) == nil {
				records.Add(int64(len(d.Records)))
			}
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var err error
		fr, err = h.OpenFeedbackReceiver(feedbackNotify)
		must(t, err)
		r, err = h.OpenDeviceReceiver("dev1", notify)
		must(t, err)
		for i := range 3 {
			must(t, h.Enqueue("dev1", &Message{MessageID: fmt.Sprint(i), Ack: AckFull}))
		}
		h.clock.Advance(time.Second) // flushes feedback: feedbackNotify runs inside
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("deadlock: notify was called while a core lock was held")
	}
	if completed.Load() != 3 || records.Load() != 3 {
		t.Fatalf("completed %d, feedback records %d; want 3 and 3", completed.Load(), records.Load())
	}
}

// TestNoMessageLostOrDuplicated runs senders, competing device receivers and
// competing feedback consumers on the real clock with short locks, and checks
// that every message ends with exactly one feedback record of the expected
// status.
func TestNoMessageLostOrDuplicated(t *testing.T) {
	const devices, perDevice = 10, 120
	h, err := New(Config{
		CloudToDevice: CloudToDevice{MaxDeliveryCount: 2},
		Emulator:      Emulator{LockDuration: Duration(20 * time.Millisecond), FeedbackBatchInterval: Duration(5 * time.Millisecond)},
	}, Options{})
	must(t, err)
	defer h.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	fb := &feedbackCollector{seen: map[string][]FeedbackStatus{}}
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); fb.consume(t, h, stop) }()
	}
	var ignored sync.Map
	for d := range devices {
		id := fmt.Sprint("dev", d)
		_, err := h.CreateDevice(DeviceSpec{DeviceID: id})
		must(t, err)
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); settleLoop(t, h, id, &ignored, stop) }()
		}
		wg.Add(1)
		go func() { defer wg.Done(); sendLoop(t, h, id, perDevice) }()
	}
	waitFor(t, "a feedback record for every message", func() bool { return fb.count() == devices*perDevice })
	close(stop)
	wg.Wait()
	fb.check(t)
}

func sendLoop(t *testing.T, h *Hub, deviceID string, n int) {
	for i := 0; i < n; {
		err := h.Enqueue(deviceID, &Message{MessageID: fmt.Sprintf("%s/%d", deviceID, i), Ack: AckFull})
		switch {
		case err == nil:
			i++
		case errors.Is(err, ErrQueueFull):
			runtime.Gosched()
		default:
			t.Errorf("Enqueue: %v", err)
			return
		}
	}
}

// expectedStatus is the outcome settleLoop gives message i.
func expectedStatus(i int) FeedbackStatus {
	switch {
	case i%10 == 0:
		return StatusDeliveryCountExceeded
	case i%7 == 0:
		return StatusRejected
	}
	return StatusSuccess
}

// settleLoop settles whatever is available each time the core notifies; with
// no polling, a missed notification would stall the test.
func settleLoop(t *testing.T, h *Hub, deviceID string, ignored *sync.Map, stop chan struct{}) {
	wake, notify := wakeup()
	r, err := h.OpenDeviceReceiver(deviceID, notify)
	if err != nil {
		t.Error(err)
		return
	}
	defer r.Close()
	for {
		for settleAvailable(t, r, ignored) { // pull first: messages queued before the open notify nobody
		}
		select {
		case <-stop:
			return
		case <-wake:
		}
	}
}

func settleAvailable(t *testing.T, r *DeviceReceiver, ignored *sync.Map) bool {
	d, ok, err := r.TryReceive()
	if !ok || err != nil {
		return false
	}
	i := messageIndex(d.Message.MessageID.(string))
	if i%13 == 1 {
		if _, seen := ignored.LoadOrStore(d.Message.MessageID, true); !seen {
			return true // never settled: the lock expires and it comes back
		}
	}
	switch expectedStatus(i) {
	case StatusDeliveryCountExceeded:
		err = r.Abandon(d.LockToken)
	case StatusRejected:
		err = r.Reject(d.LockToken)
	default:
		err = r.Complete(d.LockToken)
	}
	if err != nil && !errors.Is(err, ErrLockLost) {
		t.Errorf("settle %v: %v", d.Message.MessageID, err)
	}
	return true
}

type feedbackCollector struct {
	mu   sync.Mutex
	seen map[string][]FeedbackStatus
	n    int
}

func (c *feedbackCollector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *feedbackCollector) consume(t *testing.T, h *Hub, stop chan struct{}) {
	consumeFeedback(t, h, stop, func(d FeedbackDelivery) { c.add(d.Records) })
}

func (c *feedbackCollector) add(rs []FeedbackRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range rs {
		c.seen[r.OriginalMessageID] = append(c.seen[r.OriginalMessageID], r.StatusCode)
		c.n++
	}
}

func (c *feedbackCollector) check(t *testing.T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, st := range c.seen {
		i := messageIndex(id)
		if len(st) != 1 || st[0] != expectedStatus(i) {
			t.Errorf("message %s: feedback %v; want exactly [%s]", id, st, expectedStatus(i))
		}
	}
}

// TestCloseStopsEverything checks that Close leaves no timer or goroutine and
// wakes receivers with ErrClosed.
func TestCloseStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	clock := NewFakeClock(epoch)
	h, err := New(Config{}, Options{Clock: clock})
	must(t, err)
	_, err = h.CreateDevice(DeviceSpec{DeviceID: "dev1"})
	must(t, err)
	c := &counter{}
	r, err := h.OpenDeviceReceiver("dev1", c.notify)
	must(t, err)
	fr, err := h.OpenFeedbackReceiver(c.notify)
	must(t, err)
	must(t, h.Enqueue("dev1", &Message{Ack: AckFull}))
	d, _, _ := r.TryReceive()
	must(t, r.Complete(d.LockToken)) // a feedback batch timer is pending
	must(t, h.Enqueue("dev1", &Message{}))
	if clock.Pending() == 0 {
		t.Fatal("fixture: no timers armed")
	}
	notesBefore := c.calls()

	must(t, h.Close())
	must(t, h.Close()) // idempotent
	if n := clock.Pending(); n != 0 {
		t.Fatalf("%d timers still armed after Close", n)
	}
	if c.calls() == notesBefore {
		t.Fatal("Close did not wake the receivers")
	}
	_, _, err = r.TryReceive()
	wantCode(t, err, ErrClosed)
	_, _, err = fr.TryReceive()
	wantCode(t, err, ErrClosed)
	wantCode(t, h.Enqueue("dev1", &Message{}), ErrDeviceNotFound)
	_, err = h.CreateDevice(DeviceSpec{DeviceID: "dev2"})
	wantCode(t, err, ErrClosed)
	waitFor(t, "goroutines to return to their number before the hub", func() bool { return runtime.NumGoroutine() <= before })
}

func TestCloseWithTheSystemClock(t *testing.T) {
	h, err := New(Config{}, Options{})
	must(t, err)
	_, err = h.CreateDevice(DeviceSpec{DeviceID: "dev1"})
	must(t, err)
	must(t, h.Enqueue("dev1", &Message{AbsoluteExpiryTime: time.Now().Add(time.Millisecond), Ack: AckFull}))
	waitFor(t, "the message to expire on the real clock", func() bool {
		d, _ := h.Device("dev1")
		return d.CloudToDeviceMessageCount == 0
	})
	must(t, h.Close())
}

// messageIndex reads i from the message id "devN/i".
func messageIndex(id string) int {
	_, n, _ := strings.Cut(id, "/")
	i, _ := strconv.Atoi(n)
	return i
}
