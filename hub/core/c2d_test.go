package core

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

func TestCompleteGivesSuccessFeedback(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	sent := h.send("dev1", "m1", AckFull)
	r, _ := h.receiver("dev1")

	d := mustReceive(t, r)
	if d.Message != sent || d.DeliveryCount != 0 || d.LockToken == (LockToken{}) {
		t.Fatalf("delivery = %+v; want the sent message, count 0, a lock token", d)
	}
	if d.Message.SequenceNumber != 1 || !d.Message.EnqueuedTime.Equal(epoch) || !d.Message.ExpiryTime.Equal(epoch.Add(time.Hour)) {
		t.Fatalf("stamps: seq %d enqueued %v expiry %v", d.Message.SequenceNumber, d.Message.EnqueuedTime, d.Message.ExpiryTime)
	}
	mustBeEmpty(t, r) // Invisible: not handed out twice
	if err := r.Complete(d.LockToken); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	wantCode(t, r.Complete(d.LockToken), ErrLockLost)

	fb := h.feedbackNow()
	want := []FeedbackRecord{{OriginalMessageID: "m1", DeviceGenerationID: dev.GenerationID, DeviceID: "dev1",
		EnqueuedTimeUTC: epoch, StatusCode: StatusSuccess}}
	if !slices.Equal(fb, want) {
		t.Fatalf("feedback = %+v; want %+v", fb, want)
	}
	if got, _ := h.Device("dev1"); got.CloudToDeviceMessageCount != 0 {
		t.Fatalf("cloudToDeviceMessageCount = %d after complete", got.CloudToDeviceMessageCount)
	}
}

// TestAckModes runs every outcome under every ack mode and checks which
// produce a feedback record.
func TestAckModes(t *testing.T) {
	outcomes := []struct {
		status FeedbackStatus
		run    func(h *testHub, r *DeviceReceiver)
	}{
		{StatusSuccess, func(h *testHub, r *DeviceReceiver) { must(t, r.Complete(mustReceive(t, r).LockToken)) }},
		{StatusRejected, func(h *testHub, r *DeviceReceiver) { must(t, r.Reject(mustReceive(t, r).LockToken)) }},
		{StatusDeliveryCountExceeded, func(h *testHub, r *DeviceReceiver) {
			for range 10 {
				must(t, r.Abandon(mustReceive(t, r).LockToken))
			}
		}},
		{StatusExpired, func(h *testHub, r *DeviceReceiver) { h.clock.Advance(time.Hour) }},
		{StatusPurged, func(h *testHub, r *DeviceReceiver) {
			if n, err := h.PurgeQueue("dev1"); n != 1 || err != nil {
				t.Fatalf("PurgeQueue = %d, %v", n, err)
			}
		}},
	}
	for _, o := range outcomes {
		for _, ack := range []AckMode{AckNone, AckPositive, AckNegative, AckFull} {
			t.Run(string(o.status)+"/"+ack.String(), func(t *testing.T) {
				h := newTestHub(t, Config{})
				h.device("dev1")
				h.send("dev1", "m1", ack)
				r, _ := h.receiver("dev1")
				o.run(h, r)
				mustBeEmpty(t, r)
				got := statuses(h.feedbackNow())
				var want []FeedbackStatus
				if ack.wants(o.status) {
					want = []FeedbackStatus{o.status}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("feedback statuses = %v; want %v", got, want)
				}
			})
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAbandonRedeliversWithCountUntilMax(t *testing.T) {
	h := newTestHub(t, Config{CloudToDevice: CloudToDevice{MaxDeliveryCount: 3}})
	h.device("dev1")
	h.send("dev1", "m1", AckNegative)
	h.send("dev1", "m2", AckNegative)
	r, notes := h.receiver("dev1")

	for want := range 3 {
		d := mustReceive(t, r)
		if d.Message.MessageID != "m1" || d.DeliveryCount != want {
			t.Fatalf("delivery %d: id %v count %d; want m1 count %d (FIFO keeps the abandoned message first)", want, d.Message.MessageID, d.DeliveryCount, want)
		}
		before := notes.calls()
		must(t, r.Abandon(d.LockToken))
		if want < 2 && notes.calls() == before {
			t.Fatalf("abandon did not notify the receiver")
		}
	}
	d := mustReceive(t, r)
	if d.Message.MessageID != "m2" {
		t.Fatalf("after 3 abandons got %v; want m2 (m1 dead-lettered)", d.Message.MessageID)
	}
	if got := statuses(h.feedbackNow()); !slices.Equal(got, []FeedbackStatus{StatusDeliveryCountExceeded}) {
		t.Fatalf("feedback = %v; want DeliveryCountExceeded", got)
	}
}

func TestRejectDeadLetters(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	h.send("dev1", "m1", AckFull)
	r, _ := h.receiver("dev1")
	must(t, r.Reject(mustReceive(t, r).LockToken))
	mustBeEmpty(t, r)
	fb := h.feedbackNow()
	if len(fb) != 1 || fb[0].StatusCode != StatusRejected || fb[0].OriginalMessageID != "m1" {
		t.Fatalf("feedback = %+v; want one Rejected for m1", fb)
	}
}

func TestExpiryWithoutReceiver(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	soon := &Message{MessageID: "soon", Ack: AckNegative, AbsoluteExpiryTime: epoch.Add(2 * time.Second)}
	must(t, h.Enqueue("dev1", soon))
	h.send("dev1", "default-ttl", AckFull)

	h.clock.Advance(2 * time.Second)
	if got, _ := h.Device("dev1"); got.CloudToDeviceMessageCount != 1 {
		t.Fatalf("queue depth = %d after the first expiry; want 1", got.CloudToDeviceMessageCount)
	}
	fb := h.drainFeedback()
	h.clock.Advance(100 * time.Millisecond) // the batch interval
	fb = append(fb, h.drainFeedback()...)
	if len(fb) != 1 || fb[0].OriginalMessageID != "soon" || fb[0].StatusCode != StatusExpired || !fb[0].EnqueuedTimeUTC.Equal(epoch.Add(2*time.Second)) {
		t.Fatalf("feedback = %+v; want Expired for soon at +2s", fb)
	}
	h.clock.Advance(time.Hour)
	if got := h.drainFeedback(); len(got) != 1 || got[0].OriginalMessageID != "default-ttl" {
		t.Fatalf("after the default TTL feedback = %+v; want Expired for default-ttl", got)
	}
}

func TestExpiryOfALockedMessage(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	must(t, h.Enqueue("dev1", &Message{MessageID: "m", Ack: AckFull, AbsoluteExpiryTime: epoch.Add(10 * time.Second)}))
	r, _ := h.receiver("dev1")
	d := mustReceive(t, r)
	h.clock.Advance(10 * time.Second)
	wantCode(t, r.Complete(d.LockToken), ErrLockLost)
	if got := statuses(h.feedbackNow()); !slices.Equal(got, []FeedbackStatus{StatusExpired}) {
		t.Fatalf("feedback = %v; want Expired", got)
	}
}

func TestAlreadyExpiredMessageExpiresAtOnce(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	must(t, h.Enqueue("dev1", &Message{MessageID: "late", Ack: AckFull, AbsoluteExpiryTime: epoch.Add(-time.Second)}))
	r, _ := h.receiver("dev1")
	mustBeEmpty(t, r)
	if got := statuses(h.feedbackNow()); !slices.Equal(got, []FeedbackStatus{StatusExpired}) {
		t.Fatalf("feedback = %v; want Expired", got)
	}
}

func TestLockExpiryReturnsMessageWithoutCounting(t *testing.T) {
	h := newTestHub(t, Config{Emulator: Emulator{LockDuration: Duration(30 * time.Second)}})
	h.device("dev1")
	h.send("dev1", "m1", AckFull)
	r, notes := h.receiver("dev1")
	first := mustReceive(t, r)

	h.clock.Advance(30*time.Second - time.Millisecond)
	mustBeEmpty(t, r)
	before := notes.calls()
	h.clock.Advance(time.Millisecond)
	if notes.calls() == before {
		t.Fatalf("lock expiry did not notify the receiver")
	}
	wantCode(t, r.Complete(first.LockToken), ErrLockLost)
	again := mustReceive(t, r)
	if again.DeliveryCount != 0 || again.LockToken == first.LockToken || again.Message != first.Message {
		t.Fatalf("redelivery = count %d, same token %v; want count 0 and a new token", again.DeliveryCount, again.LockToken == first.LockToken)
	}
	must(t, r.Complete(again.LockToken))
	if got := statuses(h.feedbackNow()); !slices.Equal(got, []FeedbackStatus{StatusSuccess}) {
		t.Fatalf("feedback = %v", got)
	}
}

func TestReceiverCloseReturnsLockedMessages(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	h.send("dev1", "m1", AckNone)
	a, _ := h.receiver("dev1")
	b, bNotes := h.receiver("dev1")
	d := mustReceive(t, a)
	mustBeEmpty(t, b)
	wantCode(t, b.Complete(d.LockToken), ErrLockLost) // another receiver's lock

	before := bNotes.calls()
	a.Close()
	if bNotes.calls() == before {
		t.Fatalf("closing a receiver did not notify the others")
	}
	again := mustReceive(t, b)
	if again.Message.MessageID != "m1" || again.DeliveryCount != 0 {
		t.Fatalf("after close: %v count %d; want m1 count 0", again.Message.MessageID, again.DeliveryCount)
	}
	wantCode(t, a.Complete(d.LockToken), ErrLockLost)
	if _, _, err := a.TryReceive(); err == nil {
		t.Fatalf("TryReceive on a closed receiver succeeded")
	}
}

func TestQueueDepthLimit(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	for i := range MaxQueueDepth {
		h.send("dev1", string(rune('A'+i)), AckNone)
	}
	err := h.Enqueue("dev1", &Message{MessageID: "51st"})
	wantCode(t, err, ErrQueueFull)
	if got := CodeOf(err).AMQPCondition(); got != "amqp:resource-limit-exceeded" {
		t.Fatalf("condition = %s", got)
	}
	if d, _ := h.Device("dev1"); d.CloudToDeviceMessageCount != 50 {
		t.Fatalf("cloudToDeviceMessageCount = %d; want 50", d.CloudToDeviceMessageCount)
	}
	// A locked message still counts; completing one makes room.
	r, _ := h.receiver("dev1")
	d := mustReceive(t, r)
	wantCode(t, h.Enqueue("dev1", &Message{MessageID: "still full"}), ErrQueueFull)
	must(t, r.Complete(d.LockToken))
	must(t, h.Enqueue("dev1", &Message{MessageID: "fits"}))
}

func TestMessageSizeLimit(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	must(t, h.Enqueue("dev1", &Message{Size: MaxMessageSize}))
	err := h.Enqueue("dev1", &Message{Size: MaxMessageSize + 1})
	wantCode(t, err, ErrMessageTooLarge)
	if want := "Message size is 65537 bytes which is greater than the max size 65536 bytes allowed."; err.Error() != want {
		t.Fatalf("description = %q", err)
	}
	// Without an encoded size the body and properties are counted.
	wantCode(t, h.Enqueue("dev1", &Message{Body: make([]byte, MaxMessageSize), Properties: []Property{{"k", "v"}}}), ErrMessageTooLarge)
	if d, _ := h.Device("dev1"); d.CloudToDeviceMessageCount != 1 {
		t.Fatalf("depth = %d; want 1", d.CloudToDeviceMessageCount)
	}
}

func TestUnknownDevice(t *testing.T) {
	h := newTestHub(t, Config{})
	err := h.Enqueue("ghost", &Message{})
	wantCode(t, err, ErrDeviceNotFound)
	if CodeOf(err).AMQPCondition() != "amqp:not-found" || CodeOf(err).HTTPStatus() != 404 {
		t.Fatalf("mapping of %v", err)
	}
	_, err = h.OpenDeviceReceiver("ghost", nil)
	wantCode(t, err, ErrDeviceNotFound)
	_, err = h.PurgeQueue("ghost")
	wantCode(t, err, ErrDeviceNotFound)
}

func TestMessageKeepsItsFields(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	id := UUID{0xc2, 0xa3, 0xf7, 0xc4, 0x0e, 0x34, 0x4c, 0x58, 0x9a, 0x9e, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f}
	sent := &Message{
		MessageID: id, CorrelationID: uint64(42), UserID: []byte("svc"), To: "/devices/dev1/messages/devicebound",
		ContentType: "application/json", ContentEncoding: "utf-8", Ack: AckFull,
		Properties: []Property{{"z", "last?"}, {"a", "1"}, {"n", int32(7)}}, Body: []byte(`{"x":1}`),
	}
	must(t, h.Enqueue("dev1", sent))
	r, _ := h.receiver("dev1")
	d := mustReceive(t, r)
	got := d.Message
	if got.MessageID != any(id) || got.CorrelationID != any(uint64(42)) || !bytes.Equal(got.Body, sent.Body) {
		t.Fatalf("ids or body changed: %#v", got)
	}
	if !slices.Equal(got.Properties, sent.Properties) {
		t.Fatalf("properties = %v; want them in order", got.Properties)
	}
	must(t, r.Complete(d.LockToken))
	if fb := h.feedbackNow(); len(fb) != 1 || fb[0].OriginalMessageID != "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" {
		t.Fatalf("feedback = %+v; want the uuid in canonical form", fb)
	}
}
