package hub

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// The seed tutorial: a service sends a message with a message id, a
// correlation id and a property, ack full; the device receives all of it and
// completes it; the service gets Success feedback.
func TestSeedTutorial(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("thermostat-1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)

	msg := amqptest.C2D("thermostat-1", []byte(`{"setpoint":21.5}`), "full")
	msg.Properties.MessageID = "msg-1"
	msg.Properties.CorrelationID = "corr-1"
	msg.Properties.ContentType = ptr("application/json")
	msg.Properties.ContentEncoding = ptr("utf-8")
	msg.ApplicationProperties["room"] = "kitchen"
	sentAt := time.Now()
	svc.mustSend(msg)

	got := h.receive(rcv)
	checkReceived(t, got, sentAt)
	if err := rcv.AcceptMessage(h.ctx, got); err != nil {
		t.Fatalf("complete: %v", err)
	}

	fb := svc.nextFeedback(1)
	d, _ := h.core.Device("thermostat-1")
	want := amqptest.FeedbackRecord{OriginalMessageID: "msg-1", DeviceGenerationID: d.GenerationID, DeviceID: "thermostat-1", StatusCode: "Success", Description: "Success"}
	checkRecord(t, fb[0], want)
}

func checkReceived(t *testing.T, got *amqp.Message, sentAt time.Time) {
	t.Helper()
	p := got.Properties
	switch {
	case string(got.GetData()) != `{"setpoint":21.5}`:
		t.Errorf("body = %q", got.GetData())
	case p == nil || p.MessageID != "msg-1" || p.CorrelationID != "corr-1":
		t.Errorf("properties = %+v, want message id msg-1 and correlation id corr-1", p)
	case *p.To != "/devices/thermostat-1/messages/devicebound":
		t.Errorf("to = %q", *p.To)
	case *p.ContentType != "application/json" || *p.ContentEncoding != "utf-8":
		t.Errorf("content type %q, encoding %q", *p.ContentType, *p.ContentEncoding)
	case p.AbsoluteExpiryTime == nil || p.AbsoluteExpiryTime.Before(sentAt.Add(59*time.Minute)):
		t.Errorf("absolute-expiry-time = %v, want the hub's default TTL of an hour", p.AbsoluteExpiryTime)
	case got.ApplicationProperties["room"] != "kitchen" || got.ApplicationProperties["iothub-ack"] != "full":
		t.Errorf("application properties = %v", got.ApplicationProperties)
	case len(got.DeliveryTag) != 16:
		t.Errorf("delivery tag %x is not 16 bytes", got.DeliveryTag)
	}
	checkAnnotations(t, got)
}

func checkAnnotations(t *testing.T, got *amqp.Message) {
	t.Helper()
	a := got.Annotations
	if _, ok := a["iothub-enqueuedtime"].(time.Time); !ok {
		t.Errorf("iothub-enqueuedtime = %#v, want a timestamp", a["iothub-enqueuedtime"])
	}
	if n, ok := a["iothub-deliverycount"].(uint8); !ok || n != 0 {
		t.Errorf("iothub-deliverycount = %#v, want ubyte 0", a["iothub-deliverycount"])
	}
	if n, ok := a["x-opt-sequence-number"].(uint64); !ok || n != 1 {
		t.Errorf("x-opt-sequence-number = %#v, want ulong 1", a["x-opt-sequence-number"])
	}
}

var feedbackTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`)

func checkRecord(t *testing.T, got, want amqptest.FeedbackRecord) {
	t.Helper()
	if !feedbackTime.MatchString(got.EnqueuedTimeUTC) {
		t.Errorf("enqueuedTimeUtc %q is not UTC with 7 fractional digits", got.EnqueuedTimeUTC)
	}
	got.EnqueuedTimeUTC = ""
	if got != want {
		t.Errorf("feedback record = %+v, want %+v", got, want)
	}
}

// sendNumbered sends a message with message id id and ack full.
func (s *service) sendNumbered(deviceID, id string) {
	s.h.t.Helper()
	m := amqptest.C2D(deviceID, []byte("body of "+id), "full")
	m.Properties.MessageID = id
	s.mustSend(m)
}

func TestRejectGivesRejectedFeedback(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)
	svc.sendNumbered("dev1", "to-reject")
	if err := rcv.RejectMessage(h.ctx, h.receive(rcv), nil); err != nil {
		t.Fatalf("reject: %v", err)
	}
	fb := svc.nextFeedback(1)
	if fb[0].OriginalMessageID != "to-reject" || fb[0].StatusCode != "Rejected" || fb[0].Description != "Rejected" {
		t.Errorf("feedback = %+v, want Rejected for to-reject", fb[0])
	}
	if n := h.queueDepth("dev1"); n != 0 {
		t.Errorf("queue depth after reject = %d, want 0 (dead-lettered)", n)
	}
}

func (h *testHub) queueDepth(id string) int {
	h.t.Helper()
	d, err := h.core.Device(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return d.CloudToDeviceMessageCount
}

// Abandoning a message maxDeliveryCount times dead-letters it.
func TestAbandonToMaxDeliveryCount(t *testing.T) {
	h := startHub(t, Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 3}}})
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 10)
	svc.sendNumbered("dev1", "bouncer")
	for i := range 3 {
		m := h.receive(rcv)
		if n := m.Annotations["iothub-deliverycount"]; n != uint8(i) {
			t.Fatalf("delivery %d: iothub-deliverycount = %v, want %d", i+1, n, i)
		}
		if err := rcv.ReleaseMessage(h.ctx, m); err != nil {
			t.Fatalf("abandon: %v", err)
		}
	}
	fb := svc.nextFeedback(1)
	if fb[0].OriginalMessageID != "bouncer" || fb[0].StatusCode != "DeliveryCountExceeded" {
		t.Errorf("feedback = %+v, want DeliveryCountExceeded for bouncer", fb[0])
	}
}

// A message to a device that never connects expires on time.
func TestExpiryOfflineDevice(t *testing.T) {
	h := startFakeClockHub(t, core.Config{})
	h.device("offline")
	svc := h.service()
	m := amqptest.C2D("offline", []byte("too late"), "negative")
	m.Properties.MessageID = "expiring"
	m.Properties.AbsoluteExpiryTime = ptr(h.now().Add(30 * time.Second))
	svc.mustSend(m)

	h.clock.Advance(29 * time.Second)
	if n := h.queueDepth("offline"); n != 1 {
		t.Fatalf("queue depth before expiry = %d, want 1", n)
	}
	h.clock.Advance(2 * time.Second)
	fb := svc.nextFeedback(1)
	if fb[0].OriginalMessageID != "expiring" || fb[0].StatusCode != "Expired" {
		t.Errorf("feedback = %+v, want Expired for expiring", fb[0])
	}
	if n := h.queueDepth("offline"); n != 0 {
		t.Errorf("queue depth after expiry = %d, want 0", n)
	}
}

func TestQueueDepthLimit(t *testing.T) {
	h := startHub(t, Options{})
	h.device("dev1")
	svc := h.service()
	for i := range core.MaxQueueDepth {
		svc.mustSend(amqptest.C2D("dev1", []byte{byte(i)}, ""))
	}
	err := svc.send(amqptest.C2D("dev1", []byte("51st"), ""))
	wantCondition(t, "51st message", err, "amqp:resource-limit-exceeded")
	if n := h.queueDepth("dev1"); n != core.MaxQueueDepth {
		t.Errorf("queue depth = %d, want %d", n, core.MaxQueueDepth)
	}
}

// The limit counts the whole AMQP message: a body of 65,537 bytes is over it,
// one that leaves room for the properties is not.
func TestMessageSizeLimit(t *testing.T) {
	h := startHub(t, Options{})
	h.device("dev1")
	svc := h.service()
	err := svc.send(amqptest.C2D("dev1", bytes.Repeat([]byte("x"), 65537), ""))
	wantCondition(t, "65,537-byte body", err, "amqp:link:message-size-exceeded")
	svc.mustSend(amqptest.C2D("dev1", bytes.Repeat([]byte("x"), 65000), ""))
	if n := h.queueDepth("dev1"); n != 1 {
		t.Errorf("queue depth = %d, want 1 (only the message that fits)", n)
	}
}

func TestUnknownDevice(t *testing.T) {
	h := startHub(t, Options{})
	svc := h.service()
	err := svc.send(amqptest.C2D("nobody", []byte("hello?"), "full"))
	wantCondition(t, "send to an unknown device", err, "amqp:not-found")
	// The link survives the refusal.
	h.device("somebody")
	svc.mustSend(amqptest.C2D("somebody", []byte("hello"), ""))
}

func ptr[T any](v T) *T { return &v }

// Purging a device's queue over REST removes its messages, locked ones too,
// with Purged feedback where the ack mode asks for it.
func TestPurge(t *testing.T) {
	h := startHub(t, Options{})
	dev := h.device("dev1")
	svc := h.service()
	_, rcv := h.deviceLink(dev, 1)
	for _, ack := range []string{"full", "negative", "positive", "none"} {
		m := amqptest.C2D("dev1", []byte(ack), ack)
		m.Properties.MessageID = "ack-" + ack
		svc.mustSend(m)
	}
	h.receive(rcv) // one of them is locked
	status, body := h.rest("DELETE", "/devices/dev1/commands")
	if status != 200 || !strings.Contains(body, `"totalMessagesPurged":4`) {
		t.Fatalf("purge: %d %s", status, body)
	}
	got := map[string]string{}
	for _, r := range svc.nextFeedback(2) {
		got[r.OriginalMessageID] = r.StatusCode
	}
	want := map[string]string{"ack-full": "Purged", "ack-negative": "Purged"}
	if len(got) != 2 || got["ack-full"] != "Purged" || got["ack-negative"] != "Purged" {
		t.Errorf("feedback = %v, want %v", got, want)
	}
	if n := h.queueDepth("dev1"); n != 0 {
		t.Errorf("queue depth after purge = %d", n)
	}
	if status, _ := h.rest("DELETE", "/devices/ghost/commands"); status != 404 {
		t.Errorf("purge of an unknown device: %d, want 404", status)
	}
}
