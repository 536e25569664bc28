package core

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// completeMany sends n messages with ack full to dev1 and completes them.
func (h *testHub) completeMany(deviceID string, n int) {
	h.t.Helper()
	r, _ := h.receiver(deviceID)
	defer r.Close()
	for i := range n {
		h.send(deviceID, fmt.Sprintf("%s-m%d", deviceID, i), AckFull)
		must(h.t, r.Complete(mustReceive(h.t, r).LockToken))
	}
}

func (h *testHub) feedbackReceiver() (*FeedbackReceiver, *counter) {
	h.t.Helper()
	c := &counter{}
	fr, err := h.OpenFeedbackReceiver(c.notify)
	if err != nil {
		h.t.Fatalf("OpenFeedbackReceiver: %v", err)
	}
	h.t.Cleanup(fr.Close)
	return fr, c
}

func mustFeedback(t *testing.T, fr *FeedbackReceiver) FeedbackDelivery {
	t.Helper()
	d, ok, err := fr.TryReceive()
	if err != nil || !ok {
		t.Fatalf("feedback TryReceive = ok %v err %v; want a batch", ok, err)
	}
	return d
}

func noFeedback(t *testing.T, fr *FeedbackReceiver) {
	t.Helper()
	if d, ok, err := fr.TryReceive(); ok || err != nil {
		t.Fatalf("feedback TryReceive = %d records, err %v; want nothing", len(d.Records), err)
	}
}

func TestFeedbackBatching(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	fr, notes := h.feedbackReceiver()

	h.completeMany("dev1", 63)
	noFeedback(t, fr) // not full, interval not over
	before := notes.calls()
	h.completeMany("dev1", 1) // the 64th record flushes at once, no time passes
	if notes.calls() == before {
		t.Fatalf("a full batch did not notify the feedback receiver")
	}
	full := mustFeedback(t, fr)
	if len(full.Records) != MaxFeedbackRecords {
		t.Fatalf("first batch has %d records; want 64", len(full.Records))
	}
	noFeedback(t, fr)

	h.completeMany("dev1", 70) // 64 at once, 6 after the interval
	if d := mustFeedback(t, fr); len(d.Records) != 64 {
		t.Fatalf("second batch has %d records; want 64", len(d.Records))
	}
	noFeedback(t, fr)
	h.clock.Advance(99 * time.Millisecond)
	noFeedback(t, fr)
	h.clock.Advance(time.Millisecond)
	last := mustFeedback(t, fr)
	if len(last.Records) != 6 || last.Records[5].OriginalMessageID != "dev1-m69" {
		t.Fatalf("last batch = %d records, last %+v; want 6 ending with dev1-m69", len(last.Records), last.Records[len(last.Records)-1])
	}
}

func TestAzureProfileBatchesFor15Seconds(t *testing.T) {
	h := newTestHub(t, Config{Emulator: Emulator{Profile: ProfileAzure}})
	h.device("dev1")
	fr, _ := h.feedbackReceiver()
	h.completeMany("dev1", 1)
	h.clock.Advance(15*time.Second - time.Millisecond)
	noFeedback(t, fr)
	h.clock.Advance(time.Millisecond)
	mustFeedback(t, fr)
}

func TestFeedbackDeliveryShape(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	h.completeMany("dev1", 1)
	h.clock.Advance(100 * time.Millisecond)
	fr, _ := h.feedbackReceiver()
	d := mustFeedback(t, fr)
	if d.ContentType != "application/vnd.microsoft.iothub.feedback.json" || d.UserID != "myhub" {
		t.Fatalf("content type %q, user id %q", d.ContentType, d.UserID)
	}
	if len(d.MessageID) != 36 || !d.EnqueuedTime.Equal(epoch.Add(100*time.Millisecond)) || d.LockToken == (LockToken{}) {
		t.Fatalf("message id %q, enqueued %v", d.MessageID, d.EnqueuedTime)
	}
	want := `[{"originalMessageId":"dev1-m0","deviceGenerationId":"` + dev.GenerationID +
		`","deviceId":"dev1","enqueuedTimeUtc":"2025-03-01T12:00:00.0000000Z","statusCode":"Success","description":"Success"}]`
	if string(d.Body) != want {
		t.Fatalf("body =\n%s\nwant\n%s", d.Body, want)
	}
}

func TestEncodeFeedbackTimeHasSevenDigits(t *testing.T) {
	at := time.Date(2015, 10, 29, 7, 59, 0, 977249700, time.FixedZone("CET", 3600))
	got := string(EncodeFeedback([]FeedbackRecord{{OriginalMessageID: `a"b`, DeviceGenerationID: "636146743722094236",
		DeviceID: "d", EnqueuedTimeUTC: at, StatusCode: StatusPurged}}))
	want := `[{"originalMessageId":"a\"b","deviceGenerationId":"636146743722094236","deviceId":"d","enqueuedTimeUtc":"2015-10-29T06:59:00.9772497Z","statusCode":"Purged","description":"Purged"}]`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestCompetingFeedbackConsumers(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	a, _ := h.feedbackReceiver()
	b, bNotes := h.feedbackReceiver()
	h.completeMany("dev1", 128) // two full batches

	first := mustFeedback(t, a)
	second := mustFeedback(t, b)
	noFeedback(t, a)
	noFeedback(t, b)
	if first.MessageID == second.MessageID || first.Records[0].OriginalMessageID != "dev1-m0" || second.Records[0].OriginalMessageID != "dev1-m64" {
		t.Fatalf("batches %s/%s starting %s and %s; want two different batches in order", first.MessageID, second.MessageID,
			first.Records[0].OriginalMessageID, second.Records[0].OriginalMessageID)
	}
	wantCode(t, b.Complete(first.LockToken), ErrLockLost) // a's lock
	must(t, b.Complete(second.LockToken))

	before := bNotes.calls()
	must(t, a.Abandon(first.LockToken))
	if bNotes.calls() == before {
		t.Fatalf("abandon did not wake the other consumer")
	}
	again := mustFeedback(t, b)
	if again.MessageID != first.MessageID || again.DeliveryCount != 1 {
		t.Fatalf("redelivered %s count %d; want %s count 1", again.MessageID, again.DeliveryCount, first.MessageID)
	}
	must(t, b.Complete(again.LockToken))
	noFeedback(t, a)
}

func TestFeedbackMaxDeliveryCountLockAndTTL(t *testing.T) {
	cfg := Config{CloudToDevice: CloudToDevice{Feedback: FeedbackQueue{
		MaxDeliveryCount: 2, LockDuration: Duration(5 * time.Second), TTL: Duration(time.Minute)}}}
	h := newTestHub(t, cfg)
	h.device("dev1")
	fr, _ := h.feedbackReceiver()

	h.completeMany("dev1", 64)
	must(t, fr.Abandon(mustFeedback(t, fr).LockToken))
	d := mustFeedback(t, fr)
	must(t, fr.Abandon(d.LockToken)) // second abandon reaches maxDeliveryCount 2
	noFeedback(t, fr)

	h.completeMany("dev1", 64)
	locked := mustFeedback(t, fr)
	h.clock.Advance(5 * time.Second) // feedback lock expires
	wantCode(t, fr.Complete(locked.LockToken), ErrLockLost)
	back := mustFeedback(t, fr)
	if back.MessageID != locked.MessageID || back.DeliveryCount != 0 {
		t.Fatalf("after lock expiry got %s count %d", back.MessageID, back.DeliveryCount)
	}
	must(t, fr.Reject(back.LockToken)) // rejected feedback is dropped
	noFeedback(t, fr)

	h.completeMany("dev1", 64)
	h.clock.Advance(time.Minute) // feedback TTL
	noFeedback(t, fr)
}

func TestDeleteDeviceRemovesQueueAndFeedback(t *testing.T) {
	h := newTestHub(t, Config{})
	old := h.device("dev1")
	h.device("dev2")
	h.completeMany("dev1", 64) // a queued batch of dev1 only
	h.completeMany("dev1", 2)  // pending in the next batch...
	h.completeMany("dev2", 1)  // ...with one of dev2
	h.send("dev1", "queued", AckFull)
	r, notes := h.receiver("dev1")
	d := mustReceive(t, r)

	before := notes.calls()
	must(t, h.DeleteDevice("dev1", `"*"`))
	if notes.calls() == before {
		t.Fatalf("deletion did not wake the device's receiver")
	}
	_, _, err := r.TryReceive()
	wantCode(t, err, ErrDeviceNotFound)
	wantCode(t, r.Complete(d.LockToken), ErrLockLost)
	wantCode(t, h.Enqueue("dev1", &Message{}), ErrDeviceNotFound)

	fb := h.feedbackNow()
	if len(fb) != 1 || fb[0].DeviceID != "dev2" {
		t.Fatalf("feedback after deleting dev1 = %+v; want only dev2's record", fb)
	}

	again := h.device("dev1")
	if again.GenerationID == old.GenerationID || len(again.GenerationID) != 18 || again.CloudToDeviceMessageCount != 0 {
		t.Fatalf("re-created: generation %s (old %s), depth %d", again.GenerationID, old.GenerationID, again.CloudToDeviceMessageCount)
	}
	r2, _ := h.receiver("dev1")
	mustBeEmpty(t, r2)
}

func TestDeleteKeepsFeedbackOfANewGeneration(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	h.completeMany("dev1", 1)
	must(t, h.DeleteDevice("dev1", ""))
	now := h.device("dev1")
	h.completeMany("dev1", 1)
	fb := h.feedbackNow()
	if len(fb) != 1 || fb[0].DeviceGenerationID != now.GenerationID {
		t.Fatalf("feedback = %+v; want one record of the new generation", fb)
	}
}

func TestPurgeRemovesLockedMessagesToo(t *testing.T) {
	h := newTestHub(t, Config{})
	h.device("dev1")
	for i := range 3 {
		h.send("dev1", fmt.Sprint("p", i), AckNegative)
	}
	r, _ := h.receiver("dev1")
	d := mustReceive(t, r)
	n, err := h.PurgeQueue("dev1")
	if n != 3 || err != nil {
		t.Fatalf("PurgeQueue = %d, %v; want 3", n, err)
	}
	wantCode(t, r.Complete(d.LockToken), ErrLockLost)
	mustBeEmpty(t, r)
	got := h.feedbackNow()
	if !slices.Equal(statuses(got), []FeedbackStatus{StatusPurged, StatusPurged, StatusPurged}) {
		t.Fatalf("feedback = %v", statuses(got))
	}
}

func TestFeedbackQueueIsBounded(t *testing.T) {
	h := newTestHub(t, Config{})
	dev := h.device("dev1")
	fb := h.feedback
	record := FeedbackRecord{DeviceID: "dev1", DeviceGenerationID: dev.GenerationID, StatusCode: StatusSuccess}
	fb.mu.Lock()
	for i := range MaxFeedbackMessages + 2 {
		record.OriginalMessageID = fmt.Sprint(i)
		fb.pending = append(fb.pending, record)
		fb.send(1)
	}
	fb.mu.Unlock()
	if n := fb.queue.depth(); n != MaxFeedbackMessages {
		t.Fatalf("feedback queue holds %d batches; want the cap %d", n, MaxFeedbackMessages)
	}
	fr, _ := h.feedbackReceiver()
	if first := mustFeedback(t, fr); first.Records[0].OriginalMessageID != "2" {
		t.Fatalf("oldest batch left is %s; want 2 (0 and 1 dropped)", first.Records[0].OriginalMessageID)
	}
}
