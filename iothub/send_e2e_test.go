package iothub

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/hub/core"
)

// Every system and application property a service sets reaches the device
// over AMQP, with the hub's own: to, enqueued time, delivery count, sequence
// number and lock token.
func TestE2ESendEveryPropertyToAnAMQPDevice(t *testing.T) {
	h := startHub(t, hub.Options{})
	svc := h.service(h.options())
	for _, id := range []string{"thermostat-1", "dev.1:a@b!(x)=y$'*,+", "dev%41#?;"} { // %41 is not A
		t.Run(id, func(t *testing.T) {
			d := h.openDevice(h.createDevice(id), h.options())
			sent := messageWithEveryProperty(id)
			before := time.Now()
			send(t, svc, id, sent)
			got := receive(t, d)
			checkAMQPReceived(t, got, sent)
			if got.To != "/devices/"+encodeURIComponent(id)+"/messages/devicebound" {
				t.Errorf("to = %q", got.To)
			}
			if got.EnqueuedTime.Before(before.Add(-time.Second)) || got.EnqueuedTime.After(time.Now().Add(time.Second)) {
				t.Errorf("enqueued time %v is not the time of the send (%v)", got.EnqueuedTime, before)
			}
			if got.DeliveryCount != 0 || got.SequenceNumber != uint64(1) || len(got.LockToken) != 36 {
				t.Errorf("delivery count %d, sequence number %d, lock token %q; want 0, 1 (the device's first), a GUID", got.DeliveryCount, got.SequenceNumber, got.LockToken)
			}
			complete(t, d, got)
		})
	}
}

// checkAMQPReceived compares what a device got over AMQP with what the
// service sent: body, ids, user id, content type and encoding, ack, expiry
// and every application property.
func checkAMQPReceived(t *testing.T, got, sent *Message) {
	t.Helper()
	want := map[string]string{
		"body": string(sent.Body), "message id": sent.MessageID, "correlation id": sent.CorrelationID,
		"user id": sent.UserID, "content type": sent.ContentType, "content encoding": sent.ContentEncoding,
		"ack": string(sent.Ack), "expiry": sent.ExpiryTime.UTC().Format(time.RFC3339Nano),
	}
	have := map[string]string{
		"body": string(got.Body), "message id": got.MessageID, "correlation id": got.CorrelationID,
		"user id": got.UserID, "content type": got.ContentType, "content encoding": got.ContentEncoding,
		"ack": string(got.Ack), "expiry": got.ExpiryTime.UTC().Format(time.RFC3339Nano),
	}
	for k, v := range want {
		if have[k] != v {
			t.Errorf("%s = %q; want %q", k, have[k], v)
		}
	}
	if !maps.Equal(got.Properties, sent.Properties) {
		t.Errorf("properties = %q; want %q", got.Properties, sent.Properties)
	}
}

// Each ack mode asks for the feedback IoT Hub documents (spec §7.3): none
// for none, Success for positive, the failure for negative, both for full.
func TestE2EAckModesGiveTheirFeedback(t *testing.T) {
	h := startHub(t, hub.Options{})
	cs := h.createDevice("dev1")
	d := h.openDevice(cs, h.options())
	svc := h.service(h.options())
	fr := feedbackReceiver(t, svc)
	for _, ack := range []AckMode{"", AckNone, AckPositive, AckNegative, AckFull} {
		for _, outcome := range []string{"complete", "reject"} {
			send(t, svc, "dev1", &Message{Body: []byte(outcome), MessageID: "ack-" + string(ack) + "-" + outcome, Ack: ack})
			settle(t, d, receive(t, d), outcome)
		}
	}
	send(t, svc, "dev1", &Message{Body: []byte("last"), MessageID: "sentinel", Ack: AckFull})
	complete(t, d, receive(t, d))

	got := map[string]FeedbackStatus{}
	for _, r := range feedbackUntil(t, fr, "sentinel") {
		got[r.OriginalMessageID] = r.Status
	}
	want := map[string]FeedbackStatus{
		"ack-positive-complete": FeedbackSuccess, "ack-negative-reject": FeedbackRejected,
		"ack-full-complete": FeedbackSuccess, "ack-full-reject": FeedbackRejected, "sentinel": FeedbackSuccess,
	}
	if !maps.Equal(got, want) {
		t.Fatalf("feedback = %v; want %v", got, want)
	}
}

// settle settles m on d as outcome says: complete, reject or abandon.
func settle(t testing.TB, d Device, m *Message, outcome string) {
	t.Helper()
	how := map[string]func(context.Context, *Message) error{"complete": d.Complete, "reject": d.Reject, "abandon": d.Abandon}[outcome]
	if err := how(within(t), m); err != nil {
		t.Fatalf("%s %s: %v", outcome, m.MessageID, err)
	}
}

// feedbackUntil receives and completes feedback batches until one holds a
// record for the message id last, and returns every record received. The
// hub keeps records in the order of the outcomes, so a record for a message
// settled last comes with or after the records of those settled before it.
func feedbackUntil(t testing.TB, fr *FeedbackReceiver, last string) []FeedbackRecord {
	t.Helper()
	ctx := within(t)
	var out []FeedbackRecord
	for !slices.ContainsFunc(out, func(r FeedbackRecord) bool { return r.OriginalMessageID == last }) {
		b, err := fr.Receive(ctx)
		if err != nil {
			t.Fatalf("feedback: %d records so far, none for %s: %v", len(out), last, err)
		}
		out = append(out, b.Records...)
		if err := fr.Complete(ctx, b); err != nil {
			t.Fatalf("complete feedback: %v", err)
		}
	}
	return out
}

// An absolute expiry and a TTL reach the device as the absolute-expiry-time
// the service computed (the hub's default TTL when neither is set); each
// message expires on time while its device is away, with Expired feedback.
func TestE2EAbsoluteExpiryAndTTL(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	cs := h.createDevice("dev1")
	svc := h.service(h.options())
	start := h.clock.Now()
	messages := []*Message{
		{Body: []byte("ttl"), MessageID: "ttl", TTL: 2 * time.Minute, Ack: AckNegative},
		{Body: []byte("absolute"), MessageID: "absolute", ExpiryTime: start.Add(5 * time.Minute), Ack: AckNegative},
		{Body: []byte("default"), MessageID: "default", Ack: AckNegative},
	}
	for _, m := range messages {
		send(t, svc, "dev1", m)
	}
	d := h.openDevice(cs, h.options())
	for i, want := range []time.Duration{2 * time.Minute, 5 * time.Minute, time.Hour} {
		m := receive(t, d)
		if m.MessageID != messages[i].MessageID || !m.ExpiryTime.Equal(start.Add(want).Truncate(time.Millisecond)) {
			t.Errorf("%s expires at %v; want %v after the send", m.MessageID, m.ExpiryTime, want)
		}
		settle(t, d, m, "abandon")
	}
	if err := d.Close(within(t)); err != nil {
		t.Fatal(err)
	}
	fr := feedbackReceiver(t, svc)
	h.clock.Advance(2*time.Minute + time.Second)
	h.clock.Advance(time.Second) // the feedback batch interval
	expired := feedbackUntil(t, fr, "ttl")
	h.clock.Advance(3 * time.Minute)
	h.clock.Advance(time.Second)
	expired = append(expired, feedbackUntil(t, fr, "absolute")...)
	if len(expired) != 2 || expired[0].Status != FeedbackExpired || expired[1].Status != FeedbackExpired {
		t.Fatalf("feedback = %+v; want ttl then absolute Expired, and nothing for the message with the default TTL", expired)
	}
}
