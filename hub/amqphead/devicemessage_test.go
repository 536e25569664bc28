package amqphead

import (
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// What a device receives (spec §5.2): annotation types the SDKs read, the
// service's properties with their types, iothub-ack first, one data section.
func TestDeviceMessage(t *testing.T) {
	enq := time.UnixMilli(1_700_000_000_123).UTC()
	msg := &core.Message{
		MessageID: core.UUID{1, 2}, CorrelationID: uint64(9), UserID: []byte("user"),
		ContentType: "text/plain", Ack: core.AckNegative,
		Properties:     []core.Property{{Key: "a", Value: "1"}, {Key: "null", Value: nil}, {Key: "b", Value: int32(2)}},
		SequenceNumber: 42, EnqueuedTime: enq, ExpiryTime: enq.Add(time.Hour),
	}
	payload, err := deviceMessage("dev1", core.Delivery{Message: msg, DeliveryCount: 3, LockToken: core.LockToken{7}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := amqpwire.UnmarshalMessage(payload)
	if err != nil {
		t.Fatal(err)
	}
	checkDeviceAnnotations(t, m.MessageAnnotations, enq)
	p := m.Properties
	if p.MessageID != (amqpwire.UUID{1, 2}) || p.CorrelationID != uint64(9) || string(p.UserID) != "user" ||
		p.To != "/devices/dev1/messages/devicebound" || p.ContentType != "text/plain" || !p.AbsoluteExpiryTime.Equal(enq.Add(time.Hour)) {
		t.Errorf("properties = %+v", p)
	}
	want := amqpwire.Map{{Key: "iothub-ack", Value: "negative"}, {Key: "a", Value: "1"}, {Key: "b", Value: int32(2)}}
	if len(m.ApplicationProperties) != len(want) {
		t.Fatalf("application properties = %v, want %v (no null values)", m.ApplicationProperties, want)
	}
	for i, kv := range want {
		if m.ApplicationProperties[i] != kv {
			t.Errorf("application property %d = %v, want %v", i, m.ApplicationProperties[i], kv)
		}
	}
	if len(m.Data) != 1 || len(m.Data[0]) != 0 || m.HasValue {
		t.Errorf("body: %d data sections, value %v; want exactly one (empty) data section", len(m.Data), m.HasValue)
	}
}

func checkDeviceAnnotations(t *testing.T, a amqpwire.Map, enq time.Time) {
	t.Helper()
	want := map[string]any{
		"iothub-enqueuedtime":   enq,
		"iothub-deliverycount":  uint8(3),
		"x-opt-sequence-number": uint64(42),
		"x-opt-lock-token":      core.LockToken{7}.String(),
	}
	for k, v := range want {
		got, ok := a.Get(amqpwire.Symbol(k))
		if tm, isTime := v.(time.Time); isTime {
			if g, _ := got.(time.Time); !g.Equal(tm) {
				t.Errorf("%s = %#v, want %v", k, got, tm)
			}
			continue
		}
		if !ok || got != v {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
}

func TestFeedbackMessage(t *testing.T) {
	enq := time.UnixMilli(1_700_000_000_000).UTC()
	payload, err := feedbackMessage(core.FeedbackDelivery{
		MessageID: "6f1c…", UserID: "myhub", ContentType: core.FeedbackContentType,
		EnqueuedTime: enq, Body: []byte(`[]`),
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := amqpwire.UnmarshalMessage(payload)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Properties; p.MessageID != "6f1c…" || string(p.UserID) != "myhub" || p.ContentType != core.FeedbackContentType {
		t.Errorf("properties = %+v", p)
	}
	if v, _ := m.MessageAnnotations.Get(amqpwire.Symbol("iothub-enqueuedtime")); !enq.Equal(v.(time.Time)) {
		t.Errorf("iothub-enqueuedtime = %v", v)
	}
	if len(m.Data) != 1 || string(m.Data[0]) != "[]" {
		t.Errorf("body = %q", m.Data)
	}
}
