package amqpserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Server accepts AMQP 1.0 connections and serves them with the handlers of
// Options.NewConnHandler. Every goroutine it starts is tracked, so Shutdown
// returns only when all of them are gone.
type Server struct {
	opts   Options
	nextID atomic.Uint64

	mu        sync.Mutex
	closed    bool
	listeners map[net.Listener]struct{}
	conns     map[*Conn]struct{}
	wg        sync.WaitGroup // every goroutine the server started
}

// NewServer returns a Server with opts, defaults applied.
func NewServer(opts Options) (*Server, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Server{opts: o, listeners: map[net.Listener]struct{}{}, conns: map[*Conn]struct{}{}}, nil
}

// Serve accepts connections on ln until ctx is cancelled (it returns
// ctx.Err()), the server shuts down (ErrServerClosed) or Accept fails. For
// TLS pass a crypto/tls listener. Connections accepted stay up until the
// server shuts down or ctx is cancelled.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if !s.track(ln) {
		_ = ln.Close()
		return ErrServerClosed
	}
	defer s.untrack(ln)
	stop := context.AfterFunc(ctx, func() { _ = ln.Close() })
	defer stop()
	backoff := 5 * time.Millisecond
	for {
		nc, err := ln.Accept()
		if err == nil {
			backoff = 5 * time.Millisecond
			s.start(ctx, nc)
			continue
		}
		if err := s.acceptFailed(ctx, err, &backoff); err != nil {
			return err
		}
	}
}

// acceptFailed decides whether Serve ends after an Accept error, waiting out
// temporary errors.
func (s *Server) acceptFailed(ctx context.Context, err error, backoff *time.Duration) error {
	switch {
	case s.isClosed():
		return ErrServerClosed
	case ctx.Err() != nil:
		return ctx.Err()
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		return fmt.Errorf("amqpserver: accepting connections: %w", err)
	}
	s.opts.Logger.Warn("accept failed; retrying", "error", err, "in", *backoff)
	t := time.NewTimer(*backoff)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	*backoff = min(2**backoff, time.Second)
	return nil
}

// start serves nc on a goroutine of its own.
func (s *Server) start(ctx context.Context, nc net.Conn) {
	c := s.newConn(nc)
	if c == nil {
		_ = nc.Close()
		return
	}
	go func() {
		defer s.wg.Done()
		_ = c.serve(ctx)
	}()
}

// ServeConn serves one connection, such as one end of a net.Pipe, and returns
// when it is closed: nil after a clean close, otherwise why it ended.
func (s *Server) ServeConn(ctx context.Context, nc net.Conn) error {
	c := s.newConn(nc)
	if c == nil {
		_ = nc.Close()
		return ErrServerClosed
	}
	defer s.wg.Done()
	return c.serve(ctx)
}

// newConn registers a connection and counts its goroutine; nil after shutdown.
func (s *Server) newConn(nc net.Conn) *Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	c := newConn(s, nc)
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return c
}

func (s *Server) forget(c *Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (s *Server) track(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.listeners[ln] = struct{}{}
	return true
}

func (s *Server) untrack(ln net.Listener) {
	s.mu.Lock()
	delete(s.listeners, ln)
	s.mu.Unlock()
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// NumConns is the number of connections being served.
func (s *Server) NumConns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Shutdown stops accepting, closes every connection with
// amqp:connection:forced and waits for the peers' close frames until ctx is
// done, then drops what is left. It returns when every goroutine the server
// started has ended: nil, or ctx.Err() when connections had to be dropped.
func (s *Server) Shutdown(ctx context.Context) error {
	conns := s.closeAll()
	for _, c := range conns {
		c.shutdown()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	for _, c := range conns {
		_ = c.nc.Close()
	}
	<-done
	return ctx.Err()
}

// closeAll marks the server closed, closes its listeners and returns the
// connections it serves.
func (s *Server) closeAll() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for ln := range s.listeners {
		_ = ln.Close()
	}
	conns := make([]*Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// Close drops every connection at once and returns when every goroutine the
// server started has ended.
func (s *Server) Close() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
