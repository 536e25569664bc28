package amqpserver

import (
	"bufio"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// fakePeer is a scripted AMQP peer on one end of a net.Pipe; the server serves
// the other end with ServeConn (after go-amqp's internal/fake). Writes go
// through a goroutine so a script never blocks on the synchronous pipe.
type fakePeer struct {
	t      *testing.T
	nc     net.Conn
	br     *bufio.Reader
	fr     *amqpwire.FrameReader
	writes chan []byte
	served chan error
	srv    *Server
}

func newFakePeer(t *testing.T, opts Options, mux *Mux) *fakePeer {
	t.Helper()
	if opts.NewConnHandler == nil {
		opts.NewConnHandler = func(*Conn) (ConnHandler, error) { return ConnHandler{Nodes: mux}, nil }
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return connectFakePeer(t, srv)
}

// connectFakePeer serves a new fake peer on srv.
func connectFakePeer(t *testing.T, srv *Server) *fakePeer {
	t.Helper()
	client, server := net.Pipe()
	p := &fakePeer{t: t, nc: client, writes: make(chan []byte, 64), served: make(chan error, 1), srv: srv}
	p.br = bufio.NewReader(client)
	p.fr = amqpwire.NewFrameReader(p.br, 1<<20)
	go func() { p.served <- srv.ServeConn(context.Background(), server) }()
	writerDone := make(chan struct{})
	go p.writeLoop(writerDone)
	t.Cleanup(func() {
		close(p.writes)
		_ = client.Close()
		<-writerDone
	})
	return p
}

func (p *fakePeer) writeLoop(done chan struct{}) {
	defer close(done)
	for b := range p.writes {
		if _, err := p.nc.Write(b); err != nil {
			for range p.writes {
			}
			return
		}
	}
}

func (p *fakePeer) write(b []byte) { p.writes <- b }

func (p *fakePeer) send(ch uint16, body amqpwire.Performative) {
	p.t.Helper()
	b, err := amqpwire.AppendFrame(nil, ch, body)
	if err != nil {
		p.t.Fatal(err)
	}
	p.write(b)
}

// header writes a protocol header and reads the server's answer.
func (p *fakePeer) header(id uint8) amqpwire.ProtoHeader {
	p.t.Helper()
	p.write(amqpwire.ProtoHeaderFor(id).Bytes())
	return p.readHeader()
}

func (p *fakePeer) readHeader() amqpwire.ProtoHeader {
	p.t.Helper()
	_ = p.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	h, err := amqpwire.ReadProtoHeader(p.br)
	if err != nil {
		p.t.Fatalf("reading the server's protocol header: %v", err)
	}
	return h
}

// nextRaw reads the next frame, heartbeats included.
func (p *fakePeer) nextRaw() amqpwire.Frame {
	p.t.Helper()
	_ = p.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	f, err := p.fr.ReadFrame()
	if err != nil {
		p.t.Fatalf("reading a frame from the server: %v", err)
	}
	return f
}

// next reads the next frame that is not a heartbeat.
func (p *fakePeer) next() amqpwire.Performative {
	p.t.Helper()
	for {
		if f := p.nextRaw(); f.Body != nil {
			return f.Body
		}
	}
}

// expect reads the next frame and checks its type.
func expect[T amqpwire.Performative](p *fakePeer) T {
	p.t.Helper()
	got := p.next()
	v, ok := got.(T)
	if !ok {
		var want T
		p.t.Fatalf("got %#v, want a %T", got, want)
	}
	return v
}

// open runs the bare AMQP header and the open exchange.
func (p *fakePeer) open(o *amqpwire.Open) *amqpwire.Open {
	p.t.Helper()
	if h := p.header(amqpwire.ProtoAMQP); h != amqpwire.ProtoHeaderFor(amqpwire.ProtoAMQP) {
		p.t.Fatalf("server answered the AMQP header with %v", h)
	}
	if o == nil {
		o = &amqpwire.Open{ContainerID: "fake-peer", MaxFrameSize: 65536, ChannelMax: 100}
	}
	p.send(0, o)
	return expect[*amqpwire.Open](p)
}

// begin starts a session on channel ch and returns the server's begin.
func (p *fakePeer) begin(ch uint16) *amqpwire.Begin {
	p.t.Helper()
	p.send(ch, &amqpwire.Begin{IncomingWindow: 1000, OutgoingWindow: 1000, HandleMax: 100})
	return expect[*amqpwire.Begin](p)
}

// attachReceiver attaches a link on which the peer receives from addr.
func (p *fakePeer) attachReceiver(ch uint16, handle uint32, addr string, rcv amqpwire.ReceiverSettleMode) *amqpwire.Attach {
	p.t.Helper()
	p.send(ch, &amqpwire.Attach{Name: addr + "-r", Handle: handle, Role: amqpwire.RoleReceiver, RcvSettleMode: rcv,
		SndSettleMode: amqpwire.SenderSettleModeUnsettled, Source: &amqpwire.Source{Address: addr}, Target: &amqpwire.Target{}})
	return expect[*amqpwire.Attach](p)
}

// attachSender attaches a link on which the peer sends to addr, and returns
// the server's attach and its first flow.
func (p *fakePeer) attachSender(ch uint16, handle uint32, addr string, rcv amqpwire.ReceiverSettleMode) (*amqpwire.Attach, *amqpwire.Flow) {
	p.t.Helper()
	p.send(ch, &amqpwire.Attach{Name: addr + "-s", Handle: handle, Role: amqpwire.RoleSender, RcvSettleMode: rcv,
		Source: &amqpwire.Source{}, Target: &amqpwire.Target{Address: addr}, InitialDeliveryCount: amqpwire.Some(uint32(0))})
	return expect[*amqpwire.Attach](p), expect[*amqpwire.Flow](p)
}

// grant gives the server credit on a link where the peer receives.
func (p *fakePeer) grant(ch uint16, handle, deliveryCount, credit uint32, drain bool) {
	p.send(ch, &amqpwire.Flow{NextIncomingID: amqpwire.Some(uint32(0)), IncomingWindow: 1000, OutgoingWindow: 1000,
		Handle: amqpwire.Some(handle), DeliveryCount: amqpwire.Some(deliveryCount), LinkCredit: amqpwire.Some(credit), Drain: drain})
}

// transfer sends a one-frame unsettled delivery.
func (p *fakePeer) transfer(ch uint16, handle, id uint32, payload []byte) {
	p.send(ch, &amqpwire.Transfer{Handle: handle, DeliveryID: amqpwire.Some(id), DeliveryTag: []byte{byte(id)},
		MessageFormat: amqpwire.Some(uint32(0)), Payload: payload})
}

// barrier asks the server for an echo of the session's flow state and reads
// up to it: every frame the server wrote before handling the echo comes first.
func (p *fakePeer) barrier(ch uint16) []amqpwire.Performative {
	p.t.Helper()
	return p.barrierWindow(ch, 0, 1000)
}

// barrierWindow is barrier with the session window it advertises.
func (p *fakePeer) barrierWindow(ch uint16, nextIncoming, window uint32) []amqpwire.Performative {
	p.t.Helper()
	p.send(ch, &amqpwire.Flow{NextIncomingID: amqpwire.Some(nextIncoming), IncomingWindow: window, OutgoingWindow: 1000, Echo: true})
	var before []amqpwire.Performative
	for {
		f := p.next()
		if fl, ok := f.(*amqpwire.Flow); ok && !fl.Handle.Set {
			return before
		}
		before = append(before, f)
	}
}

// expectClose reads frames until the server's close, checks its condition and
// answers it.
func (p *fakePeer) expectClose(want amqpwire.Condition) *amqpwire.Error {
	p.t.Helper()
	for {
		if c, ok := p.next().(*amqpwire.Close); ok {
			p.send(0, &amqpwire.Close{})
			if want == "" && c.Error == nil {
				return nil
			}
			if c.Error == nil || c.Error.Condition != want {
				p.t.Fatalf("server closed with %v, want %s", c.Error, want)
			}
			return c.Error
		}
	}
}

// waitServed waits for ServeConn to return and returns its error.
func (p *fakePeer) waitServed() error {
	p.t.Helper()
	select {
	case err := <-p.served:
		return err
	case <-time.After(10 * time.Second):
		p.t.Fatal("ServeConn did not return")
		return errors.New("unreachable")
	}
}

func payload(s string) []byte {
	b, _ := (&amqpwire.Message{Data: [][]byte{[]byte(s)}}).MarshalBinary()
	return b
}
