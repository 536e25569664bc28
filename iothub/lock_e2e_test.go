package iothub

import (
	"errors"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// A message whose lock expired before the device settled it went back to the
// queue: settling the old delivery is ErrMessageLockLost, not a success the
// hub never saw, and the message comes again.
func TestE2ESettlingAfterTheLockExpiredIsLockLost(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	d := h.openDevice(h.createDevice("dev1"), h.options())
	svc := h.service(h.options())
	for _, outcome := range []string{"complete", "reject", "abandon"} {
		t.Run(outcome, func(t *testing.T) {
			send(t, svc, "dev1", &Message{Body: []byte(outcome), MessageID: outcome, Ack: AckFull})
			late := receive(t, d)
			h.clock.Advance(time.Minute + time.Second) // the hub's lock is one minute
			again := receive(t, d)
			if again.MessageID != outcome || again.DeliveryCount != 0 {
				t.Fatalf("after the lock expired got %s, delivery count %d; want %s again, count 0", again.MessageID, again.DeliveryCount, outcome)
			}
			err := map[string]func() error{
				"complete": func() error { return d.Complete(within(t), late) },
				"reject":   func() error { return d.Reject(within(t), late) },
				"abandon":  func() error { return d.Abandon(within(t), late) },
			}[outcome]()
			if !errors.Is(err, ErrMessageLockLost) {
				t.Errorf("%s of the expired delivery = %v; want ErrMessageLockLost", outcome, err)
			}
			complete(t, d, again)
		})
	}
	h.clock.Advance(time.Second) // the feedback batch
	for _, r := range feedbackUntil(t, feedbackReceiver(t, svc), "abandon") {
		if r.Status != FeedbackSuccess {
			t.Errorf("feedback for %s = %s; want Success: only the completion of the redelivery counts", r.OriginalMessageID, r.Status)
		}
	}
}

// A feedback batch whose lock expired cannot be completed any more
// (ErrMessageLockLost); it comes again.
func TestE2EFeedbackCompletedAfterItsLockExpiredIsLockLost(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	d := h.openDevice(h.createDevice("dev1"), h.options())
	svc := h.service(h.options())
	fr := feedbackReceiver(t, svc)
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "m-1", Ack: AckPositive})
	complete(t, d, receive(t, d))
	h.clock.Advance(time.Second) // the feedback batch
	late, err := fr.Receive(within(t))
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Minute + time.Second) // the feedback lock is one minute
	again, err := fr.Receive(within(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := fr.Complete(within(t), late); !errors.Is(err, ErrMessageLockLost) {
		t.Errorf("completing the batch after its lock expired = %v; want ErrMessageLockLost", err)
	}
	if again.Records[0].OriginalMessageID != "m-1" || again.LockToken == late.LockToken {
		t.Fatalf("after the lock expired got %+v under lock %s; want m-1's batch under a new lock", again.Records, again.LockToken)
	}
	if err := fr.Complete(within(t), again); err != nil {
		t.Fatal(err)
	}
}
