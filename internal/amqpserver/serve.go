package amqpserver

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// connLifecycle is the part of Conn that Server touches from other goroutines.
type connLifecycle struct {
	shutdownCh    chan struct{}
	shutdownOnce  sync.Once
	handshakeDone atomic.Bool
}

func newConn(s *Server, nc net.Conn) *Conn {
	id := s.nextID.Add(1)
	c := &Conn{
		srv: s, opts: &s.opts, id: id, nc: nc,
		log:       s.opts.Logger.With("conn", id, "remote", nc.RemoteAddr().String()),
		runSignal: make(chan struct{}, 1), wakeQ: make(chan *Link, 64), done: make(chan struct{}),
		in: make(chan []amqpwire.Frame, 4), readErr: make(chan error, 1), stop: make(chan struct{}),
		readerExited: make(chan struct{}), writerExited: make(chan struct{}),
		writeQ: make(chan []byte, 1), writeDone: make(chan []byte, 1), writeErr: make(chan error, 1),
		sessions: map[uint16]*Session{}, localChannels: map[uint16]*Session{},
		peerOpen: &amqpwire.Open{},
	}
	c.shutdownCh = make(chan struct{})
	c.rb.init(nc)
	c.fr = amqpwire.NewFrameReader(&c.rb, s.opts.MaxFrameSize)
	return c
}

// serve runs the connection to its end on the calling goroutine, which the
// Server counts; the read and write loops it starts are counted too.
func (c *Conn) serve(ctx context.Context) error {
	defer c.srv.forget(c)
	defer close(c.done)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.ctx = ctx
	if err := c.handshake(); err != nil {
		c.log.Info("amqp handshake failed", "error", err)
		c.closeRun()
		_ = c.nc.Close()
		return err
	}
	c.handshakeDone.Store(true)
	c.srv.wg.Add(2)
	go func() {
		defer c.srv.wg.Done()
		c.readLoop()
	}()
	go func() {
		defer c.srv.wg.Done()
		c.writeLoop()
	}()
	err := c.loop()
	c.stopIO()
	return err
}

// stopIO writes what is left, closes the socket and waits for both loops.
func (c *Conn) stopIO() {
	c.drainWrites(time.Now().Add(c.opts.WriteTimeout))
	c.closeRun()
	close(c.stop)
	close(c.writeQ)
	_ = c.nc.Close()
	<-c.writerExited
	<-c.readerExited
}

// shutdown asks the connection to close because the server is shutting down.
// Safe from any goroutine.
func (c *Conn) shutdown() {
	c.shutdownOnce.Do(func() { close(c.shutdownCh) })
	if !c.handshakeDone.Load() {
		_ = c.nc.SetDeadline(time.Now())
	}
}

// closeRun makes Run refuse further work.
func (c *Conn) closeRun() {
	c.runMu.Lock()
	c.runClosed = true
	c.runQ = nil
	c.runMu.Unlock()
}
