package iothub

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
)

// wire encodes m as go-amqp puts it on the wire.
func wire(t *testing.T, m *amqp.Message) []byte {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestToAMQPIsWhatTheNodeServiceSDKSends(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	m := &Message{
		Body: []byte("hello c2d"), MessageID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", CorrelationID: "corr-1",
		UserID: "svc", ContentType: "application/json", ContentEncoding: "utf-8", Ack: AckFull,
		TTL: time.Minute, Properties: map[string]string{"prop1": "value 1"},
	}
	raw := toAMQP("dev 1/x", m, now)

	p := raw.Properties
	if id, ok := p.MessageID.(amqp.UUID); !ok || id.String() != m.MessageID {
		t.Errorf("message-id = %#v, want the AMQP uuid %s", p.MessageID, m.MessageID)
	}
	if p.CorrelationID != "corr-1" {
		t.Errorf("correlation-id = %#v, want the string corr-1", p.CorrelationID)
	}
	if *p.To != "/devices/dev%201%2Fx/messages/devicebound" {
		t.Errorf("to = %s", *p.To)
	}
	if string(p.UserID) != "svc" || *p.ContentType != "application/json" || *p.ContentEncoding != "utf-8" {
		t.Errorf("properties = %+v", p)
	}
	if !p.AbsoluteExpiryTime.Equal(now.Add(time.Minute)) {
		t.Errorf("absolute-expiry-time = %v, want now + TTL", p.AbsoluteExpiryTime)
	}
	if raw.ApplicationProperties["iothub-ack"] != "full" || raw.ApplicationProperties["prop1"] != "value 1" || len(raw.ApplicationProperties) != 2 {
		t.Errorf("application-properties = %v", raw.ApplicationProperties)
	}
	if len(raw.Data) != 1 || string(raw.Data[0]) != "hello c2d" || raw.Value != nil {
		t.Errorf("body = %q / %v, want one data section", raw.Data, raw.Value)
	}

	b := wire(t, raw)
	uuidBytes, _ := hex.DecodeString("c2a3f7c40e344c589a9e1a2b3c4d5e6f")
	for name, want := range map[string][]byte{
		"message-id as uuid (0x98)":       append([]byte{0x98}, uuidBytes...),
		"content-type as symbol (0xa3)":   append([]byte{0xa3, 16}, "application/json"...),
		"content-encoding as symbol":      append([]byte{0xa3, 5}, "utf-8"...),
		"correlation-id as string (0xa1)": append([]byte{0xa1, 6}, "corr-1"...),
		"one data section (0x75)":         append([]byte{0x00, 0x53, 0x75, 0xa0, 9}, "hello c2d"...),
	} {
		if !bytes.Contains(b, want) {
			t.Errorf("wire lacks %s: % x", name, want)
		}
	}
}

func TestMessageIDsThatAreNotNodeUUIDsStayStrings(t *testing.T) {
	for _, id := range []string{
		"C2A3F7C4-0E34-4C58-9A9E-1A2B3C4D5E6F", // upper case: Node's pattern is lower-case only
		"c2a3f7c4-0e34-6c58-9a9e-1a2b3c4d5e6f", // version 6
		"c2a3f7c4-0e34-4c58-1a9e-1a2b3c4d5e6f", // not the RFC 4122 variant
		"0987654321",
	} {
		if v := messageIDValue(id); v != id {
			t.Errorf("%s became %#v, want the string", id, v)
		}
	}
	if messageIDValue("") != nil {
		t.Error("an empty id is sent")
	}
}

func TestExpiry(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	abs := now.Add(time.Hour)
	if got := toAMQP("d", &Message{ExpiryTime: abs, TTL: time.Minute}, now).Properties.AbsoluteExpiryTime; !got.Equal(abs) {
		t.Errorf("an absolute expiry wins over TTL: got %v", got)
	}
	if got := toAMQP("d", &Message{}, now).Properties.AbsoluteExpiryTime; got != nil {
		t.Errorf("no expiry given, but sent %v", got)
	}
}

func TestFromAMQPReadsEverythingTheHubDelivers(t *testing.T) {
	enq := time.Date(2030, 1, 2, 3, 4, 5, 6_000_000, time.UTC)
	exp := enq.Add(time.Hour)
	to := "/devices/dev1/messages/devicebound"
	ct, ce := "application/json", "utf-8"
	id, _ := hex.DecodeString("c2a3f7c40e344c589a9e1a2b3c4d5e6f")
	sent := &amqp.Message{
		Annotations: amqp.Annotations{"iothub-enqueuedtime": enq, "iothub-deliverycount": uint8(3), "x-opt-sequence-number": uint64(42)},
		Properties: &amqp.MessageProperties{MessageID: amqp.UUID(id), CorrelationID: uint64(7), To: &to, UserID: []byte("svc"),
			ContentType: &ct, ContentEncoding: &ce, AbsoluteExpiryTime: &exp},
		ApplicationProperties: map[string]any{"iothub-ack": "full", "prop1": "value 1", "n": int32(5)},
		Data:                  [][]byte{[]byte("hello c2d")},
	}
	var received amqp.Message // decode from the wire, as a receiver would
	if err := received.UnmarshalBinary(wire(t, sent)); err != nil {
		t.Fatal(err)
	}
	received.DeliveryTag = id
	m := fromAMQP(&received)

	if string(m.Body) != "hello c2d" || m.MessageID != "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" || m.CorrelationID != "7" {
		t.Errorf("body/ids: %q %q %q", m.Body, m.MessageID, m.CorrelationID)
	}
	if m.To != to || m.UserID != "svc" || m.ContentType != ct || m.ContentEncoding != ce || !m.ExpiryTime.Equal(exp) {
		t.Errorf("system properties: %+v", m)
	}
	if m.Ack != AckFull || m.Properties["prop1"] != "value 1" || m.Properties["n"] != "5" || len(m.Properties) != 2 {
		t.Errorf("ack %q, properties %v", m.Ack, m.Properties)
	}
	if !m.EnqueuedTime.Equal(enq) || m.DeliveryCount != 3 || m.SequenceNumber != 42 {
		t.Errorf("annotations: enqueued %v count %d seq %d", m.EnqueuedTime, m.DeliveryCount, m.SequenceNumber)
	}
	if m.LockToken != "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" {
		t.Errorf("lock token %q", m.LockToken)
	}
}

func TestFromAMQPToleratesAMessageWithNothing(t *testing.T) {
	m := fromAMQP(&amqp.Message{})
	if len(m.Body) != 0 || m.MessageID != "" || m.DeliveryCount != 0 || m.Properties == nil {
		t.Fatalf("got %+v", m)
	}
}

func TestFromAMQPJoinsSeveralDataSections(t *testing.T) {
	m := fromAMQP(&amqp.Message{Data: [][]byte{[]byte("ab"), []byte("cd")}})
	if string(m.Body) != "abcd" {
		t.Fatalf("body %q", m.Body)
	}
}

func TestRoundTripServiceToDevice(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	sent := &Message{Body: []byte{0, 1, 2}, MessageID: "m-1", CorrelationID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f",
		UserID: "u", ContentType: "a/b", ContentEncoding: "gzip", Ack: AckNegative, ExpiryTime: now.Add(time.Hour),
		Properties: map[string]string{"k": "v", "empty": ""}}
	var decoded amqp.Message
	if err := decoded.UnmarshalBinary(wire(t, toAMQP("dev1", sent, now))); err != nil {
		t.Fatal(err)
	}
	got := fromAMQP(&decoded)
	if !bytes.Equal(got.Body, sent.Body) || got.MessageID != sent.MessageID || got.CorrelationID != sent.CorrelationID ||
		got.UserID != sent.UserID || got.ContentType != sent.ContentType || got.ContentEncoding != sent.ContentEncoding ||
		got.Ack != sent.Ack || !got.ExpiryTime.Equal(sent.ExpiryTime) || got.Properties["k"] != "v" || len(got.Properties) != 2 {
		t.Fatalf("round trip lost something:\nsent %+v\n got %+v", sent, got)
	}
}

func TestMessageValidate(t *testing.T) {
	if err := (&Message{Ack: "sometimes"}).validate(); err == nil {
		t.Error("a bad ack mode is accepted")
	}
	if err := (&Message{TTL: -time.Second}).validate(); err == nil {
		t.Error("a negative TTL is accepted")
	}
	for _, a := range []AckMode{"", AckNone, AckPositive, AckNegative, AckFull} {
		if err := (&Message{Ack: a}).validate(); err != nil {
			t.Errorf("ack %q refused: %v", a, err)
		}
	}
}
