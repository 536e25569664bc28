package amqphead

import (
	"bytes"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

func TestDeviceFromTo(t *testing.T) {
	tests := []struct {
		to, want string
		cond     amqpwire.Condition
	}{
		{"/devices/dev1/messages/devicebound", "dev1", ""},
		{"/devices/dev1/messages/deviceBound", "dev1", ""},
		{"amqps://myhub.azure-devices.net:5671/DEVICES/dev1/Messages/DeviceBound", "dev1", ""},
		{"/devices/dev%3A1/messages/devicebound", "dev:1", ""},
		{"/devices/a%zz/messages/devicebound", "a%zz", ""}, // '%' is allowed in ids
		{"/devices/dev1/modules/m1/messages/devicebound", "", amqpwire.ConditionNotImplemented},
		{"/devices//messages/devicebound", "", conditionArgumentError},
		{"/devices/dev1/messages/events", "", conditionArgumentError},
		{"devices/dev1/messages/devicebound", "", conditionArgumentError},
		{"/devices/dev1/messages/devicebound/extra", "", conditionArgumentError},
	}
	for _, tc := range tests {
		got, err := deviceFromTo(tc.to)
		switch {
		case tc.cond == "" && (err != nil || got != tc.want):
			t.Errorf("deviceFromTo(%q) = %q, %v; want %q", tc.to, got, err, tc.want)
		case tc.cond != "" && (err == nil || err.Condition != tc.cond):
			t.Errorf("deviceFromTo(%q) = %q, %v; want condition %s", tc.to, got, err, tc.cond)
		}
	}
}

// nodeServiceMessage is a C2D message as azure-iothub sends it (spec §4.2).
func nodeServiceMessage() *amqpwire.Message {
	return &amqpwire.Message{
		Header: &amqpwire.Header{Priority: 4},
		Properties: &amqpwire.Properties{
			MessageID:          amqpwire.UUID{0xc2, 0xa3, 0xf7, 0xc4},
			To:                 "/devices/dev1/messages/devicebound",
			CorrelationID:      "corr-1",
			ContentType:        "application/json",
			ContentEncoding:    "utf-8",
			AbsoluteExpiryTime: time.UnixMilli(1_800_000_000_000).UTC(),
		},
		ApplicationProperties: amqpwire.Map{{Key: "iothub-ack", Value: "full"}, {Key: "prop1", Value: "value 1"}, {Key: amqpwire.Symbol("sym"), Value: int32(7)}},
		Data:                  [][]byte{[]byte("hello c2d")},
	}
}

func encode(t testing.TB, m *amqpwire.Message) []byte {
	t.Helper()
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServiceMessage(t *testing.T) {
	payload := encode(t, nodeServiceMessage())
	id, msg, err := serviceMessage(payload)
	if err != nil {
		t.Fatal(err)
	}
	want := core.Message{
		MessageID: core.UUID{0xc2, 0xa3, 0xf7, 0xc4}, CorrelationID: "corr-1",
		To: "/devices/dev1/messages/devicebound", ContentType: "application/json", ContentEncoding: "utf-8",
		AbsoluteExpiryTime: time.UnixMilli(1_800_000_000_000).UTC(), Ack: core.AckFull, Size: len(payload),
	}
	got := *msg
	got.Properties, got.Body = nil, nil
	if id != "dev1" || !equalMessage(got, want) {
		t.Errorf("serviceMessage = %q, %+v; want dev1, %+v", id, got, want)
	}
	if string(msg.Body) != "hello c2d" || len(msg.Properties) != 2 || msg.Properties[0] != (core.Property{Key: "prop1", Value: "value 1"}) || msg.Properties[1].Key != "sym" {
		t.Errorf("body %q, properties %v", msg.Body, msg.Properties)
	}
}

func equalMessage(a, b core.Message) bool {
	return a.MessageID == b.MessageID && a.CorrelationID == b.CorrelationID && a.To == b.To &&
		a.ContentType == b.ContentType && a.ContentEncoding == b.ContentEncoding &&
		a.AbsoluteExpiryTime.Equal(b.AbsoluteExpiryTime) && a.Ack == b.Ack && a.Size == b.Size && bytes.Equal(a.UserID, b.UserID)
}

func TestServiceMessageBodies(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *amqpwire.Message)
		want string
	}{
		{"no body section (Node, undefined data)", func(m *amqpwire.Message) { m.Data = nil }, ""},
		{"two data sections", func(m *amqpwire.Message) { m.Data = [][]byte{[]byte("ab"), []byte("cd")} }, "abcd"},
		{"amqp-value string", func(m *amqpwire.Message) { m.Data, m.Value, m.HasValue = nil, "text", true }, "text"},
		{"amqp-value binary", func(m *amqpwire.Message) { m.Data, m.Value, m.HasValue = nil, []byte("bin"), true }, "bin"},
	}
	for _, tc := range tests {
		m := nodeServiceMessage()
		tc.edit(m)
		_, msg, err := serviceMessage(encode(t, m))
		if err != nil || string(msg.Body) != tc.want {
			t.Errorf("%s: body %q, %v; want %q", tc.name, msg.Body, err, tc.want)
		}
	}
}

func TestServiceMessageRefusals(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *amqpwire.Message)
		want amqpwire.Condition
	}{
		{"no properties", func(m *amqpwire.Message) { m.Properties = nil }, conditionArgumentError},
		{"bad ack", func(m *amqpwire.Message) { m.ApplicationProperties[0].Value = "always" }, conditionArgumentError},
		{"module", func(m *amqpwire.Message) { m.Properties.To = "/devices/d/modules/m/messages/devicebound" }, amqpwire.ConditionNotImplemented},
	}
	for _, tc := range tests {
		m := nodeServiceMessage()
		tc.edit(m)
		if _, _, err := serviceMessage(encode(t, m)); err == nil || err.Condition != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if _, _, err := serviceMessage([]byte{0x00, 0x53, 0x73, 0xc0, 0x09}); err == nil || err.Condition != amqpwire.ConditionDecodeError {
		t.Errorf("truncated message: %v, want amqp:decode-error", err)
	}
}

// FuzzServiceMessage feeds arbitrary bytes to the parser of what services
// send: it never panics, an accepted message names a device and fits what
// the hub then re-encodes for the device.
func FuzzServiceMessage(f *testing.F) {
	f.Add(encode(f, nodeServiceMessage()))
	f.Fuzz(func(t *testing.T, payload []byte) {
		id, msg, err := serviceMessage(payload)
		if err != nil {
			return
		}
		if id == "" {
			t.Fatal("accepted a message without a device")
		}
		msg.EnqueuedTime = time.Unix(0, 0)
		if _, err := deviceMessage(id, core.Delivery{Message: msg}); err != nil {
			t.Fatalf("an accepted message cannot be encoded for the device: %v", err)
		}
	})
}
