package iothub

import (
	"testing"
	"time"

	"github.com/Azure/go-amqp"
)

// These measure the client's own work per operation; the network figures
// (connect + authenticate per second, sends per second) need a hub and come
// with the end-to-end tests.

func BenchmarkNewSASToken(b *testing.B) {
	scope := DeviceScope("myhub.azure-devices.net", "dev1", "")
	exp := time.Unix(1893456000, 0)
	for b.Loop() {
		tok, err := NewSASToken(scope, "", testKey, exp)
		if err != nil {
			b.Fatal(err)
		}
		_ = tok.Token()
	}
}

func BenchmarkToAMQPAndMarshal(b *testing.B) {
	m := &Message{Body: make([]byte, 256), MessageID: "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", CorrelationID: "corr-1",
		Ack: AckFull, ContentType: "application/json", Properties: map[string]string{"prop1": "value 1"}}
	now := time.Unix(1893456000, 0)
	for b.Loop() {
		if _, err := toAMQP("dev1", m, now).MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromAMQP(b *testing.B) {
	raw := toAMQP("dev1", &Message{Body: make([]byte, 256), MessageID: "m-1", Ack: AckFull,
		Properties: map[string]string{"prop1": "value 1"}}, time.Unix(1893456000, 0))
	raw.Annotations = amqp.Annotations{"iothub-enqueuedtime": time.Unix(1893456000, 0), "iothub-deliverycount": uint8(0), "x-opt-sequence-number": uint64(1)}
	raw.DeliveryTag = make([]byte, 16)
	for b.Loop() {
		_ = fromAMQP(raw)
	}
}

func BenchmarkParseFeedback64(b *testing.B) {
	rec := `{"originalMessageId":"c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f","deviceGenerationId":"636146743722094236","deviceId":"dev1","enqueuedTimeUtc":"2030-01-01T00:00:00.0000000Z","statusCode":"Success","description":"Success"}`
	body := "[" + rec
	for range 63 {
		body += "," + rec
	}
	body += "]"
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := ParseFeedback([]byte(body)); err != nil {
			b.Fatal(err)
		}
	}
}
