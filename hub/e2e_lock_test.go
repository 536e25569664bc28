package hub

import (
	"fmt"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// When the lock expires the message is delivered again without counting a
// delivery; a late disposition of the stale delivery is ignored, and the
// fresh one settles the message.
func TestLockExpiryAndStaleDisposition(t *testing.T) {
	h := startFakeClockHub(t, core.Config{})
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)
	svc.sendNumbered("dev1", "slow")
	stale := h.receive(rcv)
	h.clock.Advance(61 * time.Second) // past the one-minute lock
	fresh := h.receive(rcv)
	if n := fresh.Annotations["iothub-deliverycount"]; n != uint8(0) {
		t.Errorf("redelivery after lock expiry: iothub-deliverycount = %v, want 0 (lock expiry does not count)", n)
	}
	if string(fresh.DeliveryTag) == string(stale.DeliveryTag) {
		t.Error("the redelivery kept the expired lock token")
	}
	if err := rcv.RejectMessage(h.ctx, stale, nil); err != nil {
		t.Fatalf("late reject: %v", err)
	}
	if n := h.queueDepth("dev1"); n != 1 {
		t.Fatalf("the stale reject changed the queue: depth %d, want 1", n)
	}
	if err := rcv.AcceptMessage(h.ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if fb := svc.nextFeedback(1); fb[0].StatusCode != "Success" {
		t.Errorf("feedback = %+v, want Success", fb[0])
	}
}

// A device in rcv-settle-mode second (.NET) waits for the hub to settle its
// disposition; a stale one is answered com.microsoft:message-lock-lost.
func TestReceiverSettleModeSecond(t *testing.T) {
	h := startFakeClockHub(t, core.Config{})
	dev := h.device("dev1")
	svc := h.service()
	c := h.client(dev)
	rcv, err := c.Session.NewReceiver(h.ctx, amqptest.DeviceBound("dev1"), &amqp.ReceiverOptions{
		Credit: 10, SettlementMode: amqp.ReceiverSettleModeSecond.Ptr(),
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.sendNumbered("dev1", "m1")
	stale := h.receive(rcv)
	h.clock.Advance(61 * time.Second)
	fresh := h.receive(rcv)
	err = rcv.AcceptMessage(h.ctx, stale)
	wantCondition(t, "completing after the lock expired", err, "com.microsoft:message-lock-lost")
	if err := rcv.AcceptMessage(h.ctx, fresh); err != nil {
		t.Fatalf("complete in mode second: %v", err)
	}
	if n := h.queueDepth("dev1"); n != 0 {
		t.Errorf("queue depth = %d, want 0", n)
	}
}

// A device that goes away with a message locked gives it back at once, with
// its delivery count unchanged, and nothing is lost or duplicated.
func TestLinkLossReturnsMessages(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	svc := h.service()
	c, rcv := h.deviceLink(dev, 10)
	for _, id := range []string{"a", "b", "c"} {
		svc.sendNumbered("dev1", id)
	}
	for range 3 {
		h.receive(rcv)
	}
	_ = c.Close()
	_, rcv2 := h.deviceLink(dev, 10)
	seen := map[string]bool{}
	for range 3 {
		m := h.receive(rcv2)
		id, _ := m.Properties.MessageID.(string)
		if seen[id] || m.Annotations["iothub-deliverycount"] != uint8(0) {
			t.Fatalf("redelivery of %q: seen before %v, delivery count %v", id, seen[id], m.Annotations["iothub-deliverycount"])
		}
		seen[id] = true
		_ = rcv2.AcceptMessage(h.ctx, m)
	}
	if fb := svc.nextFeedback(3); len(fb) != 3 {
		t.Errorf("feedback records = %d, want 3", len(fb))
	}
}

// Deleting a device detaches its receivers with amqp:not-found and drops its
// queue; a re-created device starts empty with a new generationId.
func TestDeviceDeletion(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)
	svc.sendNumbered("dev1", "doomed")
	h.receive(rcv)
	before, _ := h.core.Device("dev1")
	if err := h.core.DeleteDevice("dev1", "*"); err != nil {
		t.Fatal(err)
	}
	_, err := rcv.Receive(h.ctx, nil)
	wantCondition(t, "receiving after the device was deleted", err, "amqp:not-found")
	h.device("dev1")
	after, _ := h.core.Device("dev1")
	if after.GenerationID == before.GenerationID || after.CloudToDeviceMessageCount != 0 {
		t.Errorf("re-created device: generationId %s (was %s), %d messages queued", after.GenerationID, before.GenerationID, after.CloudToDeviceMessageCount)
	}
}

// Two service clients consume the one hub-wide feedback queue competitively:
// every batch goes to exactly one of them, and a batch one holds locked is not
// offered to the other.
func TestCompetingFeedbackConsumers(t *testing.T) {
	h := startFakeClockHub(t, core.Config{})
	dev := h.device("dev1")
	a := h.client(parse(t, h.ConnectionString()))
	holdsOne, err := a.NewReceiver(h.ctx, amqptest.FeedbackAddress, 1)
	if err != nil {
		t.Fatal(err)
	}
	b := h.service()
	_, rcv := h.deviceLink(dev, 50)
	const n = 10
	for i := range n {
		b.sendNumbered("dev1", fmt.Sprintf("m%d", i))
		if err := rcv.AcceptMessage(h.ctx, h.receive(rcv)); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(100 * time.Millisecond) // one batch per message
	}
	held := h.receive(holdsOne)
	heldRecords, err := amqptest.FeedbackRecords(held)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range append(heldRecords, b.nextFeedback(n-len(heldRecords))...) {
		got[r.OriginalMessageID]++
	}
	for i := range n {
		if id := fmt.Sprintf("m%d", i); got[id] != 1 {
			t.Errorf("message %s: %d feedback records, want 1 (all: %v)", id, got[id], got)
		}
	}
	if err := holdsOne.AcceptMessage(h.ctx, held); err != nil {
		t.Fatal(err)
	}
}

// A message larger than the device's link takes (its max-message-size) is
// abandoned on each try, so it ends DeliveryCountExceeded instead of staying
// locked for good.
func TestMessageTooLargeForTheDevice(t *testing.T) {
	h := startHub(t, Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 3}}})
	dev := h.device("small")
	svc := h.service()
	c := h.client(dev)
	if _, err := c.Session.NewReceiver(h.ctx, amqptest.DeviceBound("small"), &amqp.ReceiverOptions{Credit: 10, MaxMessageSize: 1000}); err != nil {
		t.Fatal(err)
	}
	m := amqptest.C2D("small", make([]byte, 2000), "full")
	m.Properties.MessageID = "too-big"
	svc.mustSend(m)
	if fb := svc.nextFeedback(1); fb[0].OriginalMessageID != "too-big" || fb[0].StatusCode != "DeliveryCountExceeded" {
		t.Errorf("feedback = %+v, want DeliveryCountExceeded for too-big", fb[0])
	}
}
