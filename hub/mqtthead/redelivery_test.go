package mqtthead_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

func TestRedeliveryAfterADroppedConnection(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	d := h.connect("dev1", key)
	d.subscribeC2D(1)
	h.send("dev1", &core.Message{MessageID: "keep me", Ack: core.AckFull, Body: []byte("payload")})

	first := d.next() // not acknowledged
	d.drop()
	waitFor(t, "the hub to see the device disconnected", func() bool {
		dev, _ := h.core.Device("dev1")
		return dev.ConnectionState == core.Disconnected
	})

	again := h.connect("dev1", key)
	again.subscribeC2D(1)
	m := again.next()
	if m.Topic() != first.Topic() || string(m.Payload()) != "payload" {
		t.Fatalf("redelivered %s %q; want %s %q", m.Topic(), m.Payload(), first.Topic(), "payload")
	}
	if m.Duplicate() {
		t.Error("a delivery on a new connection has DUP set; want a fresh publish")
	}
	m.Ack()
	if fb := h.feedback(1); fb[0].StatusCode != core.StatusSuccess || fb[0].OriginalMessageID != "keep me" {
		t.Errorf("feedback %+v; want one Success for keep me", fb[0])
	}
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestLockExpiryRedeliversOnTheSameConnectionWithDup(t *testing.T) {
	clock := core.NewFakeClock(time.Now())
	h := startHub(t, withFakeClock(clock))
	d := h.subscribedDevice("dev1", 1)
	h.send("dev1", &core.Message{MessageID: "slow", Ack: core.AckPositive})

	first := d.next() // not acknowledged before the lock expires
	if first.Duplicate() {
		t.Fatal("first delivery has DUP set")
	}
	clock.Advance(time.Duration(h.core.Config().Emulator.LockDuration))

	second := d.next()
	if !second.Duplicate() || second.MessageID() != first.MessageID() || second.Topic() != first.Topic() {
		t.Fatalf("redelivery: dup %v packet id %d topic %s; want dup, packet id %d, the same topic",
			second.Duplicate(), second.MessageID(), second.Topic(), first.MessageID())
	}
	second.Ack()
	if fb := h.feedback(1); fb[0].StatusCode != core.StatusSuccess {
		t.Errorf("feedback %+v; want Success", fb[0])
	}
	waitFor(t, "the queue to empty", func() bool { return h.queueDepth("dev1") == 0 })
}

func TestInFlightWindowBoundsUnacknowledgedMessages(t *testing.T) {
	h := startHub(t, withMaxInFlight(2))
	d := h.subscribedDevice("dev1", 1)
	for _, id := range []string{"m1", "m2", "m3", "m4", "m5"} {
		h.send("dev1", &core.Message{MessageID: id})
	}
	m1, m2 := d.next(), d.next()

	// With two unacknowledged messages the head must hold no more locks: a
	// competing receiver in the core gets the other three.
	r, err := h.core.OpenDeviceReceiver("dev1", nil)
	if err != nil {
		t.Fatal(err)
	}
	var rest []any
	for {
		got, ok, err := r.TryReceive()
		if err != nil || !ok {
			break
		}
		rest = append(rest, got.Message.MessageID)
	}
	if len(rest) != 3 || rest[0] != "m3" || rest[2] != "m5" {
		t.Fatalf("the core still had %v available; want m3, m4, m5", rest)
	}
	r.Close()

	m1.Ack()
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "m3" {
		t.Errorf("after one PUBACK got %s; want m3", m.Topic())
	}
	m2.Ack()
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "m4" {
		t.Errorf("after the second PUBACK got %s; want m4", m.Topic())
	}
}

func TestFullWindowMovesOnWhenALockExpires(t *testing.T) {
	clock := core.NewFakeClock(time.Now())
	h := startHub(t, withFakeClock(clock), withMaxInFlight(1))
	d := h.subscribedDevice("dev1", 1)
	h.send("dev1", &core.Message{MessageID: "m1"})
	h.send("dev1", &core.Message{MessageID: "m2"})

	first := d.next() // m1, never acknowledged
	clock.Advance(time.Duration(h.core.Config().Emulator.LockDuration))
	// m1's lock expired: it no longer fills the window, and it is first in
	// the queue again, so it comes back (DUP, same packet id).
	again := d.next()
	if bag(t, again.Topic())["$.mid"] != "m1" || !again.Duplicate() || again.MessageID() != first.MessageID() {
		t.Fatalf("after the lock expired got %s dup %v; want m1 again with DUP", again.Topic(), again.Duplicate())
	}
	again.Ack()
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "m2" {
		t.Errorf("after the PUBACK got %s; want m2", m.Topic())
	}
}

func TestSecondConnectionDropsTheFirst(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	old := h.connect("dev1", key)
	old.subscribeC2D(1)
	h.send("dev1", &core.Message{MessageID: "in flight", Ack: core.AckFull})
	old.next() // not acknowledged

	fresh := h.connect("dev1", key)
	old.waitLost()
	fresh.subscribeC2D(1)
	m := fresh.next()
	if bag(t, m.Topic())["$.mid"] != "in flight" {
		t.Fatalf("the new connection got %s; want the old connection's unacknowledged message", m.Topic())
	}
	m.Ack()
	if fb := h.feedback(1); len(fb) != 1 || fb[0].StatusCode != core.StatusSuccess {
		t.Errorf("feedback %+v; want one Success", fb)
	}
	if dev, _ := h.core.Device("dev1"); dev.ConnectionState != core.Connected {
		t.Errorf("connection state %s; want Connected (the new connection)", dev.ConnectionState)
	}
}

func TestPersistentSessionKeepsTheSubscription(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	d := h.connect("dev1", key, cleanSession(false))
	d.subscribeC2D(1)
	d.client.Disconnect(0)
	waitFor(t, "the hub to see the device disconnected", func() bool {
		dev, _ := h.core.Device("dev1")
		return dev.ConnectionState == core.Disconnected
	})
	h.send("dev1", &core.Message{MessageID: "while away"})

	back := h.connect("dev1", key, cleanSession(false)) // no SUBSCRIBE
	if m := back.next(); bag(t, m.Topic())["$.mid"] != "while away" {
		t.Errorf("got %s; want the message queued while away", m.Topic())
	}
}

func TestPurgeWhileInFlightFreesTheWindow(t *testing.T) {
	h := startHub(t, withMaxInFlight(1))
	d := h.subscribedDevice("dev1", 1)
	h.send("dev1", &core.Message{MessageID: "purged"})
	stale := d.next() // not acknowledged before the purge
	if n, err := h.core.PurgeQueue("dev1"); err != nil || n != 1 {
		t.Fatalf("PurgeQueue = %d, %v; want 1", n, err)
	}
	h.send("dev1", &core.Message{MessageID: "next"})
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "next" {
		t.Fatalf("got %s; want next, although purged was never acknowledged", m.Topic())
	}
	stale.Ack()       // a PUBACK for a purged message changes nothing
	d.subscribeC2D(1) // the hub handles packets in order: the PUBACK is done once the SUBACK is back
	if n := h.queueDepth("dev1"); n != 1 {
		t.Errorf("queue depth %d after the stale PUBACK; want 1 (next, still in flight)", n)
	}
}

func TestMessageWhoseTopicCannotFitIsDeadLettered(t *testing.T) {
	h := startHub(t)
	d := h.subscribedDevice("dev1", 1)
	// 30,000 two-byte characters: 60,000 bytes, under IoT Hub's 64 KiB, but
	// 180,000 bytes once percent-encoded, over MQTT's 65,535-byte topic.
	wide := strings.Repeat("é", 30000)
	h.send("dev1", &core.Message{MessageID: "too wide", Ack: core.AckNegative, Properties: []core.Property{{Key: "p", Value: wide}}})
	h.send("dev1", &core.Message{MessageID: "fits"})
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "fits" {
		t.Fatalf("got %s; want fits", m.Topic())
	}
	if fb := h.feedback(1); fb[0].StatusCode != core.StatusRejected || fb[0].OriginalMessageID != "too wide" {
		t.Errorf("feedback %+v; want Rejected for too wide", fb[0])
	}
	if len(h.logs.containing("does not fit in an MQTT topic")) != 1 {
		t.Error("no log line says why the message was dead-lettered")
	}
}
