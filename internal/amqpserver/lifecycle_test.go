package amqpserver

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/go-amqp"

	"github.com/hubspec/hubspec/internal/amqpwire"
	"github.com/hubspec/hubspec/internal/syncbuf"
)

func TestMalformedInputClosesOnlyThatConnection(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		opts  Options
		frame []byte
		want  amqpwire.Condition
		text  string
	}{
		{"begin with a string window", Options{}, unhex("00 00 00 13 02 00 00 00 00 53 11 c0 06 04 40 43 a1 01 78 43"),
			amqpwire.ConditionDecodeError, "begin.incoming-window"},
		{"unknown constructor", Options{}, unhex("00 00 00 0c 02 00 00 00 00 53 11 01"), amqpwire.ConditionDecodeError, "begin: expected a list, got constructor 0x01"},
		{"frame above max-frame-size", Options{MaxFrameSize: 512}, unhex("00 00 10 00 02 00 00 00"), amqpwire.ConditionFramingError, "exceeds the max-frame-size of 512"},
		{"SASL frame after the security layer", Options{}, unhex("00 00 00 10 02 01 00 00 00 53 44 c0 03 01 50 00"), amqpwire.ConditionFramingError, "SASL frame"},
		{"second open", Options{}, unhex("00 00 00 10 02 00 00 00 00 53 10 c0 03 01 a1 00"), amqpwire.ConditionNotAllowed, "second open"},
		{"frame on a channel without a session", Options{}, unhex("00 00 00 0c 02 00 00 07 00 53 17 45"), amqpwire.ConditionNotAllowed, "channel 7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs syncbuf.Buffer
			tc.opts.Logger = newTestLogger(&logs)
			// after malformed input the server drops what the peer sends and
			// waits for it to hang up; the fake peer never does
			tc.opts.CloseTimeout = 300 * time.Millisecond
			ts, _, _ := queueServer(t, tc.opts, false)
			good := dial(t, ts.addr, nil)
			p := connectFakePeer(t, ts.Server)
			p.open(nil)
			p.write(tc.frame)
			if e := p.expectClose(tc.want); !strings.Contains(e.Description, tc.text) {
				t.Errorf("close description %q does not say %q", e.Description, tc.text)
			}
			if err := p.waitServed(); amqpwire.ConditionOf(err) != tc.want {
				t.Errorf("ServeConn returned %v", err)
			}
			ctx := testCtx(t, 10*time.Second)
			s := session(t, good)
			sendAll(ctx, t, s, 1, nil, numberBody)
			receiveAll(ctx, t, s, 1, nil, numberBody)
			if !strings.Contains(logs.String(), string(tc.want)) {
				t.Errorf("no log line names %s:\n%s", tc.want, logs.String())
			}
		})
	}
}

// unhex turns "00 53 10" into bytes.
func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func TestFrameBeforeOpen(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.header(amqpwire.ProtoAMQP)
	p.send(0, &amqpwire.Begin{IncomingWindow: 1, OutgoingWindow: 1})
	expect[*amqpwire.Open](p)
	if e := p.expectClose(amqpwire.ConditionNotAllowed); !strings.Contains(e.Description, "expected open, got begin") {
		t.Errorf("close %v", e)
	}
}

func TestPeerMaxFrameSizeBelowTheMinimum(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.header(amqpwire.ProtoAMQP)
	p.send(0, &amqpwire.Open{ContainerID: "c", MaxFrameSize: 100, ChannelMax: 1})
	expect[*amqpwire.Open](p)
	p.expectClose(amqpwire.ConditionInvalidField)
}

func TestSilentPeerIsClosedAfterTheIdleTimeout(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{IdleTimeout: 200 * time.Millisecond, CloseTimeout: 100 * time.Millisecond}, NewMux())
	if o := p.open(nil); o.IdleTimeout != 200 {
		t.Errorf("server advertised idle-time-out %d ms, want 200", o.IdleTimeout)
	}
	p.expectClose(amqpwire.ConditionResourceLimitExceeded)
	if err := p.waitServed(); amqpwire.ConditionOf(err) != amqpwire.ConditionResourceLimitExceeded {
		t.Errorf("ServeConn returned %v", err)
	}
}

// A peer that advertises an idle-time-out gets empty frames while nothing else
// is sent (that they come in time is what the go-amqp and rhea heartbeat tests
// show: those clients drop the connection otherwise).
func TestServerSendsHeartbeatsToAPeerWithAnIdleTimeout(t *testing.T) {
	t.Parallel()
	p := newFakePeer(t, Options{}, NewMux())
	p.open(&amqpwire.Open{ContainerID: "c", MaxFrameSize: 4096, ChannelMax: 1, IdleTimeout: 300})
	for range 4 {
		if f := p.nextRaw(); f.Body != nil {
			t.Fatalf("got %#v, want empty frames", f.Body)
		}
	}
}

// events records handler callbacks in order.
type events struct {
	mu  sync.Mutex
	log []string
}

func (e *events) add(format string, args ...any) {
	e.mu.Lock()
	e.log = append(e.log, fmt.Sprintf(format, args...))
	e.mu.Unlock()
}

func (e *events) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.log, "; ")
}

func recordingServer(t *testing.T, ev *events) *fakePeer {
	mux := NewMux()
	mux.Handle("/n", NodeFunc(func(l *Link) (Accept, error) {
		return Accept{Handler: LinkHandler{
			Message: accept,
			Detached: func(l *Link, err error, _ []*Delivery) {
				ev.add("detached %s: %v (session ended: %v)", l.Name(), err, errors.Is(err, ErrSessionEnded))
			},
		}}, nil
	}))
	return newFakePeer(t, Options{NewConnHandler: func(*Conn) (ConnHandler, error) {
		return ConnHandler{Nodes: mux,
			SessionEnded: func(s *Session, err error) { ev.add("session %d ended: %v", s.Channel(), err) },
			Closed:       func(_ *Conn, err error) { ev.add("closed: %v", err) },
		}, nil
	}}, nil)
}

func TestCallbacksWhenThePeerEndsAndCloses(t *testing.T) {
	t.Parallel()
	ev := &events{}
	p := recordingServer(t, ev)
	p.open(nil)
	p.begin(0)
	p.begin(1)
	p.attachSender(0, 0, "/n", amqpwire.ReceiverSettleModeFirst)
	p.attachSender(1, 0, "/n", amqpwire.ReceiverSettleModeFirst)
	p.send(0, &amqpwire.Detach{Handle: 0, Closed: true})
	expect[*amqpwire.Detach](p)
	p.attachSender(0, 0, "/n", amqpwire.ReceiverSettleModeFirst)
	p.send(0, &amqpwire.End{})
	expect[*amqpwire.End](p)
	p.send(0, &amqpwire.Close{Error: amqpwire.NewError(amqpwire.ConditionConnectionForced, "bye")})
	p.expectClose("")
	if err := p.waitServed(); amqpwire.ConditionOf(err) != amqpwire.ConditionConnectionForced {
		t.Errorf("ServeConn returned %v", err)
	}
	want := "detached /n-s: <nil> (session ended: false); " +
		"detached /n-s: amqpserver: session ended (session ended: true); session 0 ended: <nil>; " +
		"detached /n-s: amqpserver: connection closed: amqp:connection:forced: bye (session ended: false); " +
		"session 1 ended: amqpserver: connection closed: amqp:connection:forced: bye; closed: amqp:connection:forced: bye"
	if got := ev.String(); got != want {
		t.Errorf("callbacks:\n %s\nwant\n %s", got, want)
	}
}

func TestAPanickingNodeClosesOnlyItsConnection(t *testing.T) {
	t.Parallel()
	var logs syncbuf.Buffer
	mux := NewMux()
	mux.Handle("/boom", NodeFunc(func(*Link) (Accept, error) { panic("node bug") }))
	mux.Handle("/ok", &sink{settle: accept})
	srv, err := NewServer(Options{Logger: newTestLogger(&logs), NewConnHandler: func(*Conn) (ConnHandler, error) { return ConnHandler{Nodes: mux}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	bad, good := connectFakePeer(t, srv), connectFakePeer(t, srv)
	bad.open(nil)
	good.open(nil)
	bad.begin(0)
	bad.send(0, &amqpwire.Attach{Name: "x", Role: amqpwire.RoleSender, Target: &amqpwire.Target{Address: "/boom"}})
	bad.expectClose(amqpwire.ConditionInternalError)
	good.begin(0)
	good.attachSender(0, 0, "/ok", amqpwire.ReceiverSettleModeFirst)
	if !strings.Contains(logs.String(), "node bug") {
		t.Error("the panic is not logged")
	}
}

func TestWakeFromAnotherGoroutine(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var link *Link
	pending := 0
	mux := NewMux()
	mux.Handle("/out", NodeFunc(func(l *Link) (Accept, error) {
		mu.Lock()
		link = l
		mu.Unlock()
		return Accept{Handler: LinkHandler{Credit: func(l *Link) {
			mu.Lock()
			n := min(pending, int(l.Credit()))
			pending -= n
			mu.Unlock()
			for range n {
				_, _ = l.Send(nil, payload("woken"), true)
			}
		}}}, nil
	}))
	p := newFakePeer(t, Options{}, mux)
	p.open(nil)
	p.begin(0)
	p.attachReceiver(0, 0, "/out", amqpwire.ReceiverSettleModeFirst)
	p.grant(0, 0, 0, 10, false)
	p.barrier(0)
	go func() {
		mu.Lock()
		pending = 3
		l := link
		mu.Unlock()
		for range 5 {
			l.Wake()
		}
	}()
	for range 3 {
		if tr := expect[*amqpwire.Transfer](p); tr.Settled || string(tr.Payload) != string(payload("woken")) {
			t.Errorf("transfer %+v, want the woken message unsettled (the link's snd-settle-mode is unsettled)", tr)
		}
	}
	if extra := p.barrier(0); len(extra) != 0 {
		t.Errorf("more than the pending messages: %#v", extra)
	}
}

func TestShutdownClosesConnectionsWithConnectionForced(t *testing.T) {
	t.Parallel()
	srv, err := NewServer(Options{NewConnHandler: func(*Conn) (ConnHandler, error) { return ConnHandler{}, nil }})
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	served := make(chan error, 1)
	go func() { served <- srv.Serve(context.Background(), ln) }()
	conn := dial(t, ln.Addr().String(), nil)
	if err := srv.Shutdown(testCtx(t, 10*time.Second)); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	<-conn.Done()
	var ce *amqp.ConnError
	if !errors.As(conn.Err(), &ce) || ce.RemoteErr == nil || ce.RemoteErr.Condition != amqp.ErrCondConnectionForced {
		t.Errorf("client saw %v, want amqp:connection:forced", conn.Err())
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve returned %v", err)
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("the listener still accepts")
	}
}

func TestServeEndsWithItsContext(t *testing.T) {
	t.Parallel()
	srv, _ := NewServer(Options{NewConnHandler: func(*Conn) (ConnHandler, error) { return ConnHandler{}, nil }})
	t.Cleanup(func() { _ = srv.Close() })
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	conn := dial(t, ln.Addr().String(), nil)
	cancel()
	if err := <-served; !errors.Is(err, context.Canceled) {
		t.Errorf("Serve returned %v", err)
	}
	<-conn.Done()
}

func TestConnIdentities(t *testing.T) {
	t.Parallel()
	conns := make(chan *Conn, 1)
	p := newFakePeer(t, Options{PlainAuthenticator: testPlainAuth, NewConnHandler: func(c *Conn) (ConnHandler, error) {
		conns <- c
		return ConnHandler{}, nil
	}}, nil)
	p.sasl()
	saslInit(p, "PLAIN", []byte("\x00"+testPolicy+"\x00"+testToken))
	expect[*amqpwire.SASLOutcome](p)
	p.open(&amqpwire.Open{ContainerID: "node-sdk", Hostname: "localhost", MaxFrameSize: 65536})
	c := <-conns
	got := onConn(t, c, func() string {
		c.AddIdentity("device dev1")
		c.AddIdentity("device dev2")
		c.RemoveIdentities(func(id Identity) bool { return id == "device dev1" })
		return fmt.Sprintln(c.Identities(), c.ContainerID(), c.Hostname(), c.SASLMechanism())
	})
	if want := "[policy iothubowner device dev2] node-sdk localhost PLAIN\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
