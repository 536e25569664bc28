package iothub

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/hub/core"
)

// Abandon gives a message back with its delivery count raised; reject
// dead-letters it with Rejected feedback; complete deletes it with Success.
// Abandoning past the hub's maxDeliveryCount dead-letters it with
// DeliveryCountExceeded.
func TestE2EDeviceCompletesRejectsAndAbandons(t *testing.T) {
	h := startHub(t, hub.Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 2}}})
	d := h.openDevice(h.createDevice("dev1"), h.options())
	svc := h.service(h.options())
	fr := feedbackReceiver(t, svc)

	send(t, svc, "dev1", &Message{Body: []byte("a"), MessageID: "abandoned-then-rejected", Ack: AckFull})
	first := receive(t, d)
	settle(t, d, first, "abandon")
	again := receive(t, d)
	if again.MessageID != first.MessageID || again.DeliveryCount != 1 || again.SequenceNumber != first.SequenceNumber {
		t.Fatalf("after abandon got %s, delivery count %d, sequence %d; want %s again, count 1, sequence %d",
			again.MessageID, again.DeliveryCount, again.SequenceNumber, first.MessageID, first.SequenceNumber)
	}
	settle(t, d, again, "reject")

	send(t, svc, "dev1", &Message{Body: []byte("b"), MessageID: "abandoned-twice", Ack: AckNegative})
	settle(t, d, receive(t, d), "abandon")
	settle(t, d, receive(t, d), "abandon")

	send(t, svc, "dev1", &Message{Body: []byte("c"), MessageID: "completed", Ack: AckPositive})
	c := receive(t, d)
	if c.MessageID != "completed" {
		t.Fatalf("got %s; want completed: the message abandoned twice is dead-lettered at maxDeliveryCount 2", c.MessageID)
	}
	settle(t, d, c, "complete")

	want := []FeedbackStatus{FeedbackRejected, FeedbackDeliveryCountExceeded, FeedbackSuccess}
	got := feedbackUntil(t, fr, "completed")
	if len(got) != len(want) {
		t.Fatalf("feedback = %+v; want %v", got, want)
	}
	for i, r := range got {
		if r.Status != want[i] {
			t.Errorf("record %d (%s) = %s; want %s", i, r.OriginalMessageID, r.Status, want[i])
		}
	}
	if err := d.Complete(within(t), first); !errors.Is(err, ErrMessageLockLost) || !strings.Contains(err.Error(), "already settled (abandon)") {
		t.Errorf("completing a message already abandoned = %v; want ErrMessageLockLost naming the abandon", err)
	}
}

// A message can only be settled by the receiver it came to.
func TestE2ESettlingAnotherDevicesMessageIsRefused(t *testing.T) {
	h := startHub(t, hub.Options{})
	d1 := h.openDevice(h.createDevice("dev1"), h.options())
	d2 := h.openDevice(h.createDevice("dev2"), h.options())
	svc := h.service(h.options())
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "m-1"})
	m := receive(t, d1)
	if err := d2.Complete(within(t), m); !errors.Is(err, ErrArgument) {
		t.Fatalf("dev2 completing dev1's message = %v; want ErrArgument", err)
	}
	complete(t, d1, m)
}

// Feedback records carry the original message id, the device id and its
// generation id (as the registry reports it), the time of the outcome and
// the status. An abandoned batch comes again; a completed one does not.
func TestE2EFeedbackReceiverCompletesAndAbandons(t *testing.T) {
	h := startHub(t, hub.Options{})
	cs := h.createDevice("dev1")
	d := h.openDevice(cs, h.options())
	svc := h.service(h.options())
	fr := feedbackReceiver(t, svc)
	before := time.Now()
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", Ack: AckPositive})
	complete(t, d, receive(t, d))

	ctx := within(t)
	batch, err := fr.Receive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := h.registry().GetDevice(ctx, "dev1")
	if err != nil {
		t.Fatal(err)
	}
	r := batch.Records[0]
	if len(batch.Records) != 1 || r.OriginalMessageID != "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" || r.DeviceID != "dev1" ||
		r.DeviceGenerationID != dev.GenerationID || r.Status != FeedbackSuccess || r.Description != "Success" {
		t.Fatalf("records = %+v; want one Success for the message, generation %s", batch.Records, dev.GenerationID)
	}
	if r.EnqueuedTime.Before(before.Add(-time.Second)) || r.EnqueuedTime.After(time.Now().Add(time.Second)) {
		t.Errorf("record time %v is not the time of the outcome", r.EnqueuedTime)
	}
	if batch.UserID == "" || batch.EnqueuedTime.IsZero() || len(batch.LockToken) != 36 {
		t.Errorf("batch user id %q, enqueued %v, lock token %q; want the hub's name, a time, a GUID", batch.UserID, batch.EnqueuedTime, batch.LockToken)
	}
	if err := fr.Abandon(ctx, batch); err != nil {
		t.Fatal(err)
	}
	again, err := fr.Receive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Records) != 1 || again.Records[0] != r || again.LockToken == batch.LockToken {
		t.Fatalf("after abandon got %+v (lock %s); want the same records under a new lock", again.Records, again.LockToken)
	}
	if err := fr.Complete(ctx, again); err != nil {
		t.Fatal(err)
	}
	if err := fr.Abandon(ctx, again); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("abandoning a completed batch = %v; want ErrMessageLockLost", err)
	}
	send(t, svc, "dev1", &Message{Body: []byte("y"), MessageID: "next", Ack: AckPositive})
	complete(t, d, receive(t, d))
	if got := feedbackUntil(t, fr, "next"); len(got) != 1 {
		t.Fatalf("after complete got %+v; want only the next message's record", got)
	}
}
