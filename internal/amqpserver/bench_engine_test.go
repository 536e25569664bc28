package amqpserver

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// The engine-only benchmarks replace the go-amqp clients with a raw peer that
// writes pre-encoded frames, or only counts the frames it reads, so the
// figure is what the engine itself can carry over loopback TCP:
//
//	go test ./internal/amqpserver -run '^$' -bench Engine -benchmem

// rawPeer dials the server and writes the frames that open a session.
func rawPeer(b *testing.B, addr string, frames ...amqpwire.Performative) net.Conn {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = nc.Close() })
	out := amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP).Bytes()
	open := []amqpwire.Performative{
		&amqpwire.Open{ContainerID: "bench", MaxFrameSize: 65536, ChannelMax: 1},
		&amqpwire.Begin{IncomingWindow: 1 << 30, OutgoingWindow: 1 << 30, HandleMax: 1},
	}
	for _, f := range append(open, frames...) {
		out, _ = amqpwire.AppendFrame(out, 0, f)
	}
	if _, err := nc.Write(out); err != nil {
		b.Fatal(err)
	}
	return nc
}

// BenchmarkEngineIncoming: pre-settled 100-byte messages from the peer to a
// node that counts them.
func BenchmarkEngineIncoming(b *testing.B) {
	var got atomic.Int64
	done := make(chan struct{})
	mux := NewMux()
	mux.Handle("/sink", NodeFunc(func(*Link) (Accept, error) {
		return Accept{Credit: 50000, Handler: LinkHandler{Message: func(*Delivery) {
			if got.Add(1) == int64(b.N) {
				close(done)
			}
		}}}, nil
	}))
	ts := startServer(b, Options{}, mux)
	nc := rawPeer(b, ts.addr, &amqpwire.Attach{Name: "in", Role: amqpwire.RoleSender,
		SndSettleMode: amqpwire.SenderSettleModeSettled, Target: &amqpwire.Target{Address: "/sink"}, InitialDeliveryCount: amqpwire.Some(uint32(0))})
	go func() { _, _ = io.Copy(io.Discard, nc) }()
	body := payload(string(make([]byte, 100)))
	var chunk []byte
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		t := amqpwire.Transfer{DeliveryID: amqpwire.Some(uint32(i)), DeliveryTag: []byte{1}, Settled: true, Payload: body}
		chunk, _ = amqpwire.AppendFrame(chunk, 0, &t)
		if len(chunk) > 64<<10 || i == b.N-1 {
			if _, err := nc.Write(chunk); err != nil {
				b.Fatal(err)
			}
			chunk = chunk[:0]
		}
	}
	<-done
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// BenchmarkEngineOutgoing: a node sends pre-settled 100-byte messages, a
// thousand per Credit callback, to a peer that only counts transfer frames.
func BenchmarkEngineOutgoing(b *testing.B) {
	body := payload(string(make([]byte, 100)))
	left := b.N
	mux := NewMux()
	mux.Handle("/source", NodeFunc(func(*Link) (Accept, error) {
		return Accept{Handler: LinkHandler{Credit: func(l *Link) {
			for n := 0; n < 1000 && left > 0 && l.Credit() > 0; n++ {
				if _, err := l.Send([]byte{1}, body, true); err != nil {
					b.Error(err)
					return
				}
				left--
			}
			if left > 0 {
				l.Wake()
			}
		}}}, nil
	}))
	ts := startServer(b, Options{}, mux)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	nc := rawPeer(b, ts.addr,
		&amqpwire.Attach{Name: "out", Role: amqpwire.RoleReceiver, SndSettleMode: amqpwire.SenderSettleModeSettled, Source: &amqpwire.Source{Address: "/source"}},
		&amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(0)), IncomingWindow: 1 << 30, OutgoingWindow: 1 << 30,
			Handle: amqpwire.Some(uint32(0)), DeliveryCount: amqpwire.Some(uint32(0)), LinkCredit: amqpwire.Some(uint32(1 << 30))})
	countTransfers(b, bufio.NewReaderSize(nc, 64<<10), b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

// countTransfers reads frames, looking only at their headers and descriptor,
// until it has seen n transfers.
func countTransfers(b *testing.B, r *bufio.Reader, n int) {
	if _, err := r.Discard(8); err != nil { // protocol header
		b.Fatal(err)
	}
	for seen := 0; seen < n; {
		h, err := r.Peek(11)
		if err != nil {
			b.Fatal(err)
		}
		if h[10] == 0x14 && h[8] == 0x00 && h[9] == 0x53 {
			seen++
		}
		if _, err := r.Discard(int(binary.BigEndian.Uint32(h))); err != nil {
			b.Fatal(err)
		}
	}
}
