package amqpserver

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Frames a peer sent before it hung up are handled before the hang-up: a
// peer that sends its last messages (or settlements) and closes the socket at
// once loses none of them. The read loop hands frames over in batches and
// reports the end of input on a channel of its own; the connection used to
// take whichever was ready first, and then dropped the batches still queued,
// about every other time. The server's answer to the first message fails to
// write (the peer is gone), and that write error must not drop them either.
func TestFramesBeforeTheHangUpAreHandled(t *testing.T) {
	for range 20 {
		if got := hangUpAfterMessages(t, 5); got != 6 {
			t.Fatalf("the node got %d messages of 6; the rest were dropped with the hang-up", got)
		}
	}
}

// hangUpAfterMessages sends one message, and while the node is busy with it,
// n more and the end of the connection; it returns how many the node got.
func hangUpAfterMessages(t *testing.T, n int) int32 {
	var got atomic.Int32
	busy, release := make(chan struct{}), make(chan struct{})
	mux := NewMux()
	mux.Handle("/in", NodeFunc(func(*Link) (Accept, error) {
		return Accept{Handler: LinkHandler{Message: func(d *Delivery) {
			if got.Add(1) == 1 {
				close(busy)
				<-release
			}
			d.Settle(amqpwire.Accepted{})
		}}}, nil
	}))
	conns := make(chan *Conn, 1)
	p := newFakePeer(t, Options{NewConnHandler: func(c *Conn) (ConnHandler, error) {
		conns <- c
		return ConnHandler{Nodes: mux}, nil
	}}, nil)
	p.open(nil)
	p.begin(0)
	p.attachSender(0, 0, "/in", amqpwire.ReceiverSettleModeFirst)
	p.transfer(0, 0, 0, payload("0"))
	<-busy
	var rest []byte
	for i := 1; i <= n; i++ {
		rest, _ = amqpwire.AppendFrame(rest, 0, &amqpwire.Transfer{Handle: 0, DeliveryID: amqpwire.Some(uint32(i)),
			DeliveryTag: []byte{byte(i)}, MessageFormat: amqpwire.Some(uint32(0)), Payload: payload("more")})
	}
	if _, err := p.nc.Write(rest); err != nil { // returns once the read loop has read it all
		t.Fatal(err)
	}
	_ = p.nc.Close()
	c := <-conns
	waitFor(t, 10*time.Second, "the read loop to report the hang-up", func() bool { return len(c.readErr) == 1 })
	close(release)
	_ = p.waitServed()
	return got.Load()
}
