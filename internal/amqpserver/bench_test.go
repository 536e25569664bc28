package amqpserver

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"testing"
	"time"

	"github.com/Azure/go-amqp"
)

// BenchmarkEndToEnd measures messages per second through the trivial queue
// node: one go-amqp sender connection and one go-amqp receiver connection on
// loopback, 100-byte bodies. "settled" sends and delivers pre-settled
// messages; "unsettled" has the node accept each message and the receiver
// accept each delivery (at least once), with the sender pipelining through
// SendWithReceipt. Run with:
//
//	go test ./internal/amqpserver -run '^$' -bench EndToEnd -benchmem -cpuprofile cpu.out
func BenchmarkEndToEnd(b *testing.B) {
	for _, tc := range []struct {
		name    string
		tls     bool
		settled bool
	}{
		{"TCP/settled", false, true},
		{"TCP/unsettled", false, false},
		{"TLS/settled", true, true},
		{"TLS/unsettled", true, false},
	} {
		b.Run(tc.name, func(b *testing.B) { benchEndToEnd(b, tc.tls, tc.settled) })
	}
}

func benchEndToEnd(b *testing.B, useTLS, settled bool) {
	q := newQueueNode()
	q.settled = settled
	mux := NewMux()
	mux.Handle("/q", q)
	var ts *testServer
	var clientTLS *tls.Config
	if useTLS {
		var pool *x509.CertPool
		ts, pool = startTLSServer(b, Options{}, mux)
		clientTLS = &tls.Config{RootCAs: pool, ServerName: "localhost"}
	} else {
		ts = startServer(b, Options{}, mux)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	snd := benchSender(ctx, b, ts.addr, clientTLS, settled)
	rcv := benchReceiver(ctx, b, ts.addr, clientTLS, settled)
	body := bytes.Repeat([]byte("x"), 100)
	errs := make(chan error, 1)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	go func() { errs <- sendN(ctx, snd, b.N, body, settled) }()
	for i := 0; i < b.N; i++ {
		m, err := rcv.Receive(ctx, nil)
		if err != nil {
			b.Fatalf("receive %d: %v", i, err)
		}
		if !settled {
			if err := rcv.AcceptMessage(ctx, m); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
}

func benchConn(ctx context.Context, b *testing.B, addr string, clientTLS *tls.Config) *amqp.Session {
	conn := dial(b, addr, &amqp.ConnOptions{TLSConfig: clientTLS})
	s, err := conn.NewSession(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchSender(ctx context.Context, b *testing.B, addr string, clientTLS *tls.Config, settled bool) *amqp.Sender {
	mode := amqp.SenderSettleModeUnsettled
	if settled {
		mode = amqp.SenderSettleModeSettled
	}
	snd, err := benchConn(ctx, b, addr, clientTLS).NewSender(ctx, "/q", &amqp.SenderOptions{SettlementMode: &mode})
	if err != nil {
		b.Fatal(err)
	}
	return snd
}

func benchReceiver(ctx context.Context, b *testing.B, addr string, clientTLS *tls.Config, settled bool) *amqp.Receiver {
	mode := amqp.SenderSettleModeUnsettled
	if settled {
		mode = amqp.SenderSettleModeSettled
	}
	rcv, err := benchConn(ctx, b, addr, clientTLS).NewReceiver(ctx, "/q",
		&amqp.ReceiverOptions{Credit: 5000, RequestedSenderSettleMode: &mode})
	if err != nil {
		b.Fatal(err)
	}
	return rcv
}

// sendN sends n messages; unsettled sends are pipelined and their receipts
// awaited on another goroutine.
func sendN(ctx context.Context, snd *amqp.Sender, n int, body []byte, settled bool) error {
	if settled {
		for range n {
			if err := snd.Send(ctx, amqp.NewMessage(body), nil); err != nil {
				return err
			}
		}
		return nil
	}
	receipts := make(chan amqp.SendReceipt, 2000)
	waited := make(chan error, 1)
	go func() {
		var first error
		for r := range receipts {
			if _, err := r.Wait(ctx); err != nil && first == nil {
				first = err
			}
		}
		waited <- first
	}()
	for range n {
		r, err := snd.SendWithReceipt(ctx, amqp.NewMessage(body), nil)
		if err != nil {
			close(receipts)
			<-waited
			return err
		}
		receipts <- r
	}
	close(receipts)
	return <-waited
}
