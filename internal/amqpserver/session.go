package amqpserver

import (
	"errors"
	"fmt"
	"math"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// Session is one session of a connection. Like Conn, it belongs to the
// connection's goroutine.
type Session struct {
	conn          *Conn
	remoteChannel uint16
	localChannel  uint16
	peerHandleMax uint32

	// flow control (AMQP 1.0 part 2.5.6)
	nextIncomingID       uint32
	incomingWindow       uint32
	nextOutgoingID       uint32
	remoteIncomingWindow uint32
	nextDeliveryID       uint32

	byInput      map[uint32]*Link // by the peer's handle
	byOutput     map[uint32]*Link // by our handle
	inUnsettled  map[uint32]*Delivery
	outUnsettled map[uint32]*Delivery
	pending      []*Delivery // sent by a node, waiting for the peer's window
	ending       bool        // we sent end and wait for the peer's
	sendSeq      uint64
}

// Conn returns the session's connection.
func (s *Session) Conn() *Conn { return s.conn }

// Channel is the channel the peer began the session on.
func (s *Session) Channel() uint16 { return s.remoteChannel }

// End ends the session with err (nil for a clean end). Safe from any
// goroutine; it does not wait.
func (s *Session) End(err *amqpwire.Error) {
	s.conn.Run(func() { s.end(err) })
}

// onBegin starts a session the peer began on channel ch.
func (c *Conn) onBegin(ch uint16, b *amqpwire.Begin) {
	switch {
	case b.RemoteChannel.Set:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionNotAllowed,
			fmt.Sprintf("begin on channel %d answers a session the server never began", ch)))
		return
	case ch > c.opts.ChannelMax:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionFramingError,
			fmt.Sprintf("begin on channel %d, above channel-max %d", ch, c.opts.ChannelMax)))
		return
	case c.sessions[ch] != nil:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionNotAllowed,
			fmt.Sprintf("begin on channel %d, which already has a session", ch)))
		return
	}
	s := c.newSession(ch, b)
	if s == nil {
		return
	}
	c.writeFrame(s.localChannel, &amqpwire.Begin{
		RemoteChannel:  amqpwire.Some(ch),
		NextOutgoingID: s.nextOutgoingID,
		IncomingWindow: s.incomingWindow,
		OutgoingWindow: math.MaxUint32,
		HandleMax:      c.opts.HandleMax,
	})
	if len(c.sessions) > c.opts.Limits.MaxSessions {
		s.end(amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded,
			fmt.Sprintf("a connection may have at most %d sessions", c.opts.Limits.MaxSessions)))
	}
}

func (c *Conn) newSession(ch uint16, b *amqpwire.Begin) *Session {
	local, ok := c.freeChannel()
	if !ok {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded, "no free channel for a new session"))
		return nil
	}
	s := &Session{
		conn: c, remoteChannel: ch, localChannel: local, peerHandleMax: b.HandleMax,
		nextIncomingID: b.NextOutgoingID, incomingWindow: c.opts.SessionWindow,
		remoteIncomingWindow: b.IncomingWindow,
		byInput:              map[uint32]*Link{}, byOutput: map[uint32]*Link{},
		inUnsettled: map[uint32]*Delivery{}, outUnsettled: map[uint32]*Delivery{},
	}
	c.sessions[ch] = s
	c.localChannels[local] = s
	return s
}

// freeChannel returns the lowest channel the server may use that is free.
func (c *Conn) freeChannel() (uint16, bool) {
	for ch := 0; ch <= int(c.peerChannelMax); ch++ {
		if c.localChannels[uint16(ch)] == nil {
			return uint16(ch), true
		}
	}
	return 0, false
}

// onEnd handles the peer's end: the answer to ours, or its own.
func (s *Session) onEnd(e *amqpwire.End) {
	c := s.conn
	if !s.ending {
		s.teardown(errOrNil(e.Error))
		c.writeFrame(s.localChannel, &amqpwire.End{})
	}
	delete(c.sessions, s.remoteChannel)
	delete(c.localChannels, s.localChannel)
}

// end ends the session from this side and waits for the peer's end.
func (s *Session) end(err *amqpwire.Error) {
	if s.ending || s.conn.closing {
		return
	}
	if err != nil {
		s.conn.log.Info("ending session", "channel", s.remoteChannel, "error", err)
	}
	s.conn.writeFrame(s.localChannel, &amqpwire.End{Error: err})
	s.teardown(errOrNil(err))
}

// teardown detaches every link and tells the hub the session is gone. err is
// nil for a clean end, the session's error, or an error wrapping ErrConnClosed.
func (s *Session) teardown(err error) {
	s.ending = true
	linkErr := err
	switch {
	case err == nil:
		linkErr = ErrSessionEnded
	case !errors.Is(err, ErrConnClosed):
		linkErr = fmt.Errorf("%w: %w", ErrSessionEnded, err)
	}
	for _, l := range s.byOutput {
		l.finish(linkErr)
	}
	s.pending = nil
	if f := s.conn.handler.SessionEnded; f != nil {
		f(s, err)
	}
}

// errOrNil returns a nil error interface for a nil *amqpwire.Error.
func errOrNil(e *amqpwire.Error) error {
	if e == nil {
		return nil
	}
	return e
}
