package amqpwire

import (
	"bufio"
	"bytes"
	"testing"
	"time"
)

// Run with: go test ./internal/amqpwire -run '^$' -bench . -benchmem

// benchMessage is a C2D message as the hub delivers it, with a 100-byte body.
var benchMessage = &Message{
	MessageAnnotations: Map{{Symbol("iothub-enqueuedtime"), time.UnixMilli(1700000000000).UTC()},
		{Symbol("iothub-deliverycount"), uint8(0)}, {Symbol("x-opt-sequence-number"), uint64(42)}},
	Properties: &Properties{MessageID: testUUID, To: "/devices/dev1/messages/devicebound", CorrelationID: "corr-1",
		ContentType: "application/json", AbsoluteExpiryTime: time.UnixMilli(1700003600000).UTC()},
	ApplicationProperties: Map{{"iothub-ack", "full"}, {"prop1", "value 1"}},
	Data:                  [][]byte{bytes.Repeat([]byte("x"), 100)},
}

func BenchmarkAppendValue(b *testing.B) {
	v := []any{uint32(1), "a string", Symbol("sym"), int64(-5), Map{{"k", uint64(9)}}, testUUID, []byte("bin")}
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendValue(buf[:0], v)
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkDecodeValue(b *testing.B) {
	enc, _ := AppendValue(nil, []any{uint32(1), "a string", Symbol("sym"), int64(-5), Map{{"k", uint64(9)}}, testUUID, []byte("bin")})
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DecodeValue(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalMessage(b *testing.B) {
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = benchMessage.AppendTo(buf[:0])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkUnmarshalMessage(b *testing.B) {
	enc, _ := benchMessage.MarshalBinary()
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnmarshalMessage(enc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteTransferFrame encodes a transfer frame with a 100-byte payload,
// as the engine does for each delivery it sends.
func BenchmarkWriteTransferFrame(b *testing.B) {
	payload := bytes.Repeat([]byte("x"), 100)
	tag := make([]byte, 16)
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		t := Transfer{Handle: 1, DeliveryID: Some(uint32(7)), DeliveryTag: tag, MessageFormat: Some(uint32(0))}
		buf, _, _ = AppendTransfer(buf[:0], 0, &t, payload, 65536)
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkReadTransferFrame reads and decodes a transfer frame with a
// 100-byte payload, as the engine's read loop does.
func BenchmarkReadTransferFrame(b *testing.B) {
	t := Transfer{Handle: 1, DeliveryID: Some(uint32(7)), DeliveryTag: make([]byte, 16), MessageFormat: Some(uint32(0))}
	frame, _, _ := AppendTransfer(nil, 0, &t, bytes.Repeat([]byte("x"), 100), 65536)
	r := bytes.NewReader(frame)
	br := bufio.NewReader(r)
	fr := NewFrameReader(br, 65536)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(frame)
		br.Reset(r)
		if _, err := fr.ReadFrame(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteDisposition(b *testing.B) {
	buf := make([]byte, 0, 64)
	d := &Disposition{Role: RoleReceiver, First: 10, Last: Some(uint32(20)), Settled: true, State: Accepted{}}
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendFrame(buf[:0], 0, d)
	}
}
