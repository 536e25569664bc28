package amqpserver

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/go-amqp"

	"github.com/hubspec/hubspec/internal/amqpwire"
	"github.com/hubspec/hubspec/internal/syncbuf"
)

// Interop with github.com/Azure/go-amqp v1.7.0 as the client, over real sockets.

const (
	testPolicy = "iothubowner@sas.root.hub"
	testToken  = "SharedAccessSignature sr=hub&sig=not-a-real-signature&se=1"
)

func testPlainAuth(_ context.Context, _, authcid, password string) (Identity, error) {
	if authcid == testPolicy && password == testToken {
		return "policy iothubowner", nil
	}
	return nil, errors.New("the SAS token does not match the policy")
}

// queueServer serves a queue node at "/q" behind a probe.
func queueServer(t *testing.T, opts Options, useTLS bool) (*testServer, *probe, *tls.Config) {
	t.Helper()
	p := &probe{node: newQueueNode()}
	mux := NewMux()
	mux.Handle("/q", p)
	if !useTLS {
		return startServer(t, opts, mux), p, nil
	}
	ts, pool := startTLSServer(t, opts, mux)
	return ts, p, &tls.Config{RootCAs: pool, ServerName: "localhost"}
}

// sendAll sends n messages with bodies "0".."n-1".
func sendAll(ctx context.Context, t *testing.T, s *amqp.Session, n int, opts *amqp.SenderOptions, body func(int) []byte) {
	t.Helper()
	snd, err := s.NewSender(ctx, "/q", opts)
	if err != nil {
		t.Fatalf("attach sender: %v", err)
	}
	for i := range n {
		if err := snd.Send(ctx, amqp.NewMessage(body(i)), nil); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if err := snd.Close(ctx); err != nil {
		t.Fatalf("detach sender: %v", err)
	}
}

// receiveAll receives n messages, checks their bodies in order and accepts them.
func receiveAll(ctx context.Context, t *testing.T, s *amqp.Session, n int, opts *amqp.ReceiverOptions, body func(int) []byte) {
	t.Helper()
	rcv, err := s.NewReceiver(ctx, "/q", opts)
	if err != nil {
		t.Fatalf("attach receiver: %v", err)
	}
	for i := range n {
		m, err := rcv.Receive(ctx, nil)
		if err != nil {
			t.Fatalf("receive %d: %v", i, err)
		}
		if !bytes.Equal(m.GetData(), body(i)) {
			t.Fatalf("message %d has a body of %d bytes (%.20q), want %d bytes (%.20q)", i, len(m.GetData()), m.GetData(), len(body(i)), body(i))
		}
		if len(m.DeliveryTag) != 16 {
			t.Fatalf("delivery tag of %d bytes, the node sends 16", len(m.DeliveryTag))
		}
		if err := rcv.AcceptMessage(ctx, m); err != nil {
			t.Fatalf("accept %d: %v", i, err)
		}
	}
	if err := rcv.Close(ctx); err != nil {
		t.Fatalf("detach receiver: %v", err)
	}
}

func numberBody(i int) []byte { return []byte(fmt.Sprint(i)) }

func TestGoAMQPSecurityLayersOverTCPAndTLS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		tls      bool
		sasl     amqp.SASLType
		wantMech string
		wantIDs  []Identity
	}{
		{"no SASL over TCP", false, nil, "", nil},
		{"ANONYMOUS over TCP", false, amqp.SASLTypeAnonymous(), "ANONYMOUS", nil},
		{"PLAIN over TCP", false, amqp.SASLTypePlain(testPolicy, testToken), "PLAIN", []Identity{"policy iothubowner"}},
		{"no SASL over TLS", true, nil, "", nil},
		{"ANONYMOUS over TLS", true, amqp.SASLTypeAnonymous(), "ANONYMOUS", nil},
		{"PLAIN over TLS", true, amqp.SASLTypePlain(testPolicy, testToken), "PLAIN", []Identity{"policy iothubowner"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, p, tlsConfig := queueServer(t, Options{PlainAuthenticator: testPlainAuth}, tc.tls)
			conn := dial(t, ts.addr, &amqp.ConnOptions{SASLType: tc.sasl, TLSConfig: tlsConfig})
			ctx := testCtx(t, 30*time.Second)
			s := session(t, conn)
			sendAll(ctx, t, s, 3, nil, numberBody)
			receiveAll(ctx, t, s, 3, nil, numberBody)
			for _, a := range p.attaches() {
				if a.mechanism != tc.wantMech || fmt.Sprint(a.identities) != fmt.Sprint(tc.wantIDs) {
					t.Errorf("link %s saw mechanism %q and identities %v, want %q and %v", a.name, a.mechanism, a.identities, tc.wantMech, tc.wantIDs)
				}
			}
		})
	}
}

func TestGoAMQPRefusedPLAINCredentials(t *testing.T) {
	t.Parallel()
	var logs syncbuf.Buffer
	var opened atomic.Int32
	opts := Options{PlainAuthenticator: testPlainAuth, Logger: newTestLogger(&logs),
		NewConnHandler: func(*Conn) (ConnHandler, error) { opened.Add(1); return ConnHandler{}, nil }}
	ts := startServer(t, opts, nil)
	_, err := amqp.Dial(testCtx(t, 10*time.Second), "amqp://"+ts.addr,
		&amqp.ConnOptions{SASLType: amqp.SASLTypePlain(testPolicy, "SharedAccessSignature sig=wrong-secret")})
	if err == nil {
		t.Fatal("the server accepted a wrong token")
	}
	waitFor(t, 5*time.Second, "the refusal in the log", func() bool { return strings.Contains(logs.String(), "SASL authentication refused") })
	if strings.Contains(logs.String(), "wrong-secret") {
		t.Errorf("the log shows the password:\n%s", logs.String())
	}
	if opened.Load() != 0 {
		t.Error("a refused connection got a handler")
	}
}

func TestGoAMQPTenThousandMessagesEachWay(t *testing.T) {
	t.Parallel()
	const n = 10000
	for _, mode := range []amqp.ReceiverSettleMode{amqp.ReceiverSettleModeFirst, amqp.ReceiverSettleModeSecond} {
		t.Run(fmt.Sprintf("rcv-settle-mode %v", mode), func(t *testing.T) {
			t.Parallel()
			ts, p, _ := queueServer(t, Options{}, false)
			conn := dial(t, ts.addr, nil)
			ctx := testCtx(t, 120*time.Second)
			s := session(t, conn)
			sendAll(ctx, t, s, n, &amqp.SenderOptions{RequestedReceiverSettleMode: &mode}, numberBody)
			receiveAll(ctx, t, s, n, &amqp.ReceiverOptions{SettlementMode: &mode, Credit: 500}, numberBody)
			for _, a := range p.attaches() {
				if a.rcvMode != amqpwire.ReceiverSettleMode(mode) {
					t.Errorf("link %s has rcv-settle-mode %v, want %v", a.name, a.rcvMode, mode)
				}
			}
			if q := p.node.(*queueNode); q.length() != 0 || q.got != n {
				t.Errorf("queue holds %d and got %d messages, want 0 and %d", q.length(), q.got, n)
			}
		})
	}
}

// Messages larger than the peer's max-frame-size travel in several transfer
// frames both ways: go-amqp splits at the server's 4096, the server splits at
// go-amqp's 4096.
func TestGoAMQPMessagesLargerThanTheFrameSize(t *testing.T) {
	t.Parallel()
	ts, _, _ := queueServer(t, Options{MaxFrameSize: 4096}, false)
	conn := dial(t, ts.addr, &amqp.ConnOptions{MaxFrameSize: 4096})
	ctx := testCtx(t, 30*time.Second)
	s := session(t, conn)
	big := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i)}, 100_000+i) }
	sendAll(ctx, t, s, 5, nil, big)
	receiveAll(ctx, t, s, 5, &amqp.ReceiverOptions{Credit: 2}, big)
}

func TestGoAMQPMultipleSessions(t *testing.T) {
	t.Parallel()
	ts, p, _ := queueServer(t, Options{}, false)
	conn := dial(t, ts.addr, nil)
	ctx := testCtx(t, 30*time.Second)
	s1, s2 := session(t, conn), session(t, conn)
	sendAll(ctx, t, s1, 4, nil, numberBody)
	receiveAll(ctx, t, s2, 4, nil, numberBody)
	a := p.attaches()
	if len(a) != 2 || a[0].channel == a[1].channel {
		t.Errorf("attaches %+v: want two links on two channels", a)
	}
}

// SASL EXTERNAL takes the identity from the TLS client certificate.
func TestGoAMQPSASLExternalWithAClientCertificate(t *testing.T) {
	t.Parallel()
	cert, pool, _ := testCert(t)
	external := func(_ context.Context, state tls.ConnectionState) (Identity, error) {
		return "cert " + state.PeerCertificates[0].Subject.CommonName, nil
	}
	p := &probe{node: newQueueNode()}
	mux := NewMux()
	mux.Handle("/q", p)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	ts := startServerOn(t, Options{ExternalAuthenticator: external}, mux, serverTLS)
	conn := dial(t, ts.addr, &amqp.ConnOptions{SASLType: amqp.SASLTypeExternal(""),
		TLSConfig: &tls.Config{RootCAs: pool, ServerName: "localhost", Certificates: []tls.Certificate{cert}}})
	ctx := testCtx(t, 30*time.Second)
	sendAll(ctx, t, session(t, conn), 1, nil, numberBody)
	a := p.attaches()[0]
	if a.mechanism != "EXTERNAL" || len(a.identities) != 1 || a.identities[0] != "cert hubspec test" {
		t.Errorf("mechanism %q identities %v", a.mechanism, a.identities)
	}
}
