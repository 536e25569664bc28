package amqpserver

import (
	"context"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Conn is one AMQP connection. Its state is owned by the connection's own
// goroutine, which runs every callback; methods without a note on goroutines
// must be called from there. Run, Close, Done, ID and RemoteAddr are safe
// from any goroutine.
type Conn struct {
	srv  *Server
	opts *Options
	id   uint64
	nc   net.Conn
	log  *slog.Logger
	ctx  context.Context
	connLifecycle

	// security layer and open
	authCtx       context.Context // bounded by the handshake deadline
	saslMechanism string
	identities    []Identity
	peerOpen      *amqpwire.Open
	handler       ConnHandler

	// cross-goroutine requests
	runMu        sync.Mutex
	runQ         []func()
	runClosed    bool
	runSignal    chan struct{}
	wakeQ        chan *Link
	wakeOverflow atomic.Bool
	done         chan struct{}

	// I/O, see io.go
	rb           readBuffer
	fr           *amqpwire.FrameReader
	in           chan []amqpwire.Frame
	readErr      chan error
	stop         chan struct{}
	readerExited chan struct{}
	writeQ       chan []byte
	writeDone    chan []byte
	writeErr     chan error
	writerExited chan struct{}
	out, spare   []byte
	writerBusy   bool
	writerFailed bool
	pendingDisp  pendingDisposition

	// connection state, see loop.go
	opened, openSent    bool
	closing, finished   bool
	tornDown            bool
	peerMaxFrame        uint32
	peerChannelMax      uint16
	peerIdle            time.Duration
	lastRead, lastWrite time.Time
	closeDeadline       *time.Timer
	peerClosed          bool
	sessions            map[uint16]*Session // by the peer's channel
	localChannels       map[uint16]*Session // by our channel
	closeErr            error
}

// ID is a number unique to the connection within its Server. Safe from any
// goroutine.
func (c *Conn) ID() uint64 { return c.id }

// RemoteAddr is the peer's network address. Safe from any goroutine.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }

// Done is closed when the connection is gone. Safe from any goroutine.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Logger returns the connection's logger, which names the connection.
func (c *Conn) Logger() *slog.Logger { return c.log }

// ContainerID is the container-id of the peer's open.
func (c *Conn) ContainerID() string { return c.peerOpen.ContainerID }

// Hostname is the hostname of the peer's open ("" when it sent none).
func (c *Conn) Hostname() string { return c.peerOpen.Hostname }

// PeerProperties are the properties of the peer's open.
func (c *Conn) PeerProperties() amqpwire.Map { return c.peerOpen.Properties }

// SASLMechanism is the SASL mechanism the peer authenticated with, or "" for a
// connection without SASL.
func (c *Conn) SASLMechanism() string { return c.saslMechanism }

// Identities returns the identities the connection has authenticated so far:
// the one from SASL PLAIN or EXTERNAL, then those added with AddIdentity.
func (c *Conn) Identities() []Identity { return c.identities }

// AddIdentity records an identity the connection has proven, such as the one
// from a CBS put-token.
func (c *Conn) AddIdentity(id Identity) { c.identities = append(c.identities, id) }

// RemoveIdentities drops the identities for which match returns true, such as
// those whose token has expired.
func (c *Conn) RemoveIdentities(match func(Identity) bool) {
	kept := c.identities[:0]
	for _, id := range c.identities {
		if !match(id) {
			kept = append(kept, id)
		}
	}
	clear(c.identities[len(kept):])
	c.identities = kept
}

// Run asks the connection's goroutine to call fn, after the callback it may be
// running now. It is the way for other goroutines to act on the connection. It
// returns false, without calling fn, when the connection is gone. Safe from
// any goroutine; it never blocks.
func (c *Conn) Run(fn func()) bool {
	c.runMu.Lock()
	if c.runClosed {
		c.runMu.Unlock()
		return false
	}
	c.runQ = append(c.runQ, fn)
	c.runMu.Unlock()
	c.signalRun()
	return true
}

func (c *Conn) signalRun() {
	select {
	case c.runSignal <- struct{}{}:
	default:
	}
}

// Close closes the connection with err (nil for a clean close): links and
// sessions go down, the peer gets a close frame carrying err. Safe from any
// goroutine; it does not wait.
func (c *Conn) Close(err *amqpwire.Error) {
	c.Run(func() { c.closeWith(err) })
}
