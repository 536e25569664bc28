package iothub

import (
	"context"
	"errors"
	"sync"

	"github.com/Azure/go-amqp"
)

// linkSlot holds one link (a sender or a receiver) on its own session, and
// attaches it again when the connection it was on is gone or when a caller
// drops it after a link failure. Attaching happens on demand (get) and
// eagerly after a reconnect (the connection's restore calls get).
type linkSlot[L any] struct {
	conn *connection
	open func(ctx context.Context, s *amqp.Session) (L, error)

	mu      sync.Mutex
	link    L
	session *amqp.Session
	gen     int // the generation link is on; 0 for none
	closed  bool
	busy    chan struct{} // closed when an attach in progress ends
}

func newLinkSlot[L any](c *connection, open func(context.Context, *amqp.Session) (L, error)) *linkSlot[L] {
	return &linkSlot[L]{conn: c, open: open}
}

// get returns the link, attaching it first on the live connection if needed.
func (s *linkSlot[L]) get(ctx context.Context) (L, int, error) {
	var zero L
	for {
		g, err := s.conn.live(ctx)
		if err != nil {
			return zero, 0, err
		}
		s.mu.Lock()
		switch {
		case s.closed:
			s.mu.Unlock()
			return zero, 0, &Error{Op: "link", Kind: ErrClosed}
		case s.gen == g.n:
			l := s.link
			s.mu.Unlock()
			return l, g.n, nil
		case s.busy != nil:
			busy := s.busy
			s.mu.Unlock()
			if err := waitFor(ctx, busy); err != nil {
				return zero, 0, err
			}
			continue
		}
		s.busy = make(chan struct{})
		s.mu.Unlock()
		return s.attach(ctx, g)
	}
}

// attach opens a session and the link on g. busy is set by the caller.
func (s *linkSlot[L]) attach(ctx context.Context, g *generation) (L, int, error) {
	var zero L
	l, session, err := s.openOn(ctx, g)
	s.mu.Lock()
	close(s.busy)
	s.busy = nil
	closed := s.closed
	if err == nil && !closed {
		s.link, s.session, s.gen = l, session, g.n
	}
	s.mu.Unlock()
	switch {
	case err != nil:
		return zero, 0, err
	case closed:
		_ = session.Close(ctx)
		return zero, 0, &Error{Op: "link", Kind: ErrClosed}
	}
	return l, g.n, nil
}

func (s *linkSlot[L]) openOn(ctx context.Context, g *generation) (L, *amqp.Session, error) {
	var zero L
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	session, err := beginSession(ctx, g.conn)
	if err != nil {
		return zero, nil, err
	}
	l, err := s.open(ctx, session)
	if err != nil {
		_ = session.Close(ctx)
		return zero, nil, err
	}
	return l, session, nil
}

// drop forgets the link of generation gen (it failed) and ends its session,
// so that the next get attaches a new one.
func (s *linkSlot[L]) drop(ctx context.Context, gen int) {
	s.mu.Lock()
	session := s.session
	if s.gen != gen || session == nil {
		s.mu.Unlock()
		return
	}
	s.gen, s.session = 0, nil
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	_ = session.Close(ctx)
}

// close detaches the link for good.
func (s *linkSlot[L]) close(ctx context.Context) error {
	s.mu.Lock()
	session := s.session
	s.closed, s.session, s.gen = true, nil, 0
	s.mu.Unlock()
	if session == nil {
		return nil
	}
	err := mapAMQPError("detach", "", serviceSide, session.Close(ctx))
	if errors.Is(err, ErrConnectionLost) {
		return nil // the connection is gone, and the link with it
	}
	return err
}

func waitFor(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
