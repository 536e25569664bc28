package amqpserver

import (
	"fmt"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// onFrame dispatches one frame from the peer.
func (c *Conn) onFrame(f amqpwire.Frame) {
	switch {
	case f.Body == nil:
		return // heartbeat
	case f.Type != amqpwire.FrameTypeAMQP:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionFramingError, "SASL frame after the security layer"))
		return
	case c.closing:
		if cl, ok := f.Body.(*amqpwire.Close); ok {
			c.onClose(cl)
		}
		return
	case !c.opened:
		c.onFirstFrame(f)
		return
	}
	switch b := f.Body.(type) {
	case *amqpwire.Close:
		c.onClose(b)
	case *amqpwire.Begin:
		c.onBegin(f.Channel, b)
	case *amqpwire.Open:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionNotAllowed, "second open on the connection"))
	default:
		c.onSessionFrame(f)
	}
}

func (c *Conn) onFirstFrame(f amqpwire.Frame) {
	o, ok := f.Body.(*amqpwire.Open)
	if !ok {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionNotAllowed,
			fmt.Sprintf("expected open, got %s", frameName(f.Body))))
		return
	}
	c.onOpen(o)
}

// onOpen takes the peer's open, makes the connection's handler and answers.
func (c *Conn) onOpen(o *amqpwire.Open) {
	c.peerOpen = o
	c.opened = true
	if o.MaxFrameSize < amqpwire.MinMaxFrameSize {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionInvalidField,
			fmt.Sprintf("max-frame-size %d is below the minimum of 512", o.MaxFrameSize)))
		return
	}
	c.peerMaxFrame = o.MaxFrameSize
	c.peerChannelMax = o.ChannelMax
	c.peerIdle = time.Duration(o.IdleTimeout) * time.Millisecond
	h, err := c.opts.NewConnHandler(c)
	if err != nil {
		c.closeWith(asAMQPError(err))
		return
	}
	if h.Nodes == nil {
		h.Nodes = NewMux()
	}
	c.handler = h
	c.sendOpen()
	c.log.Info("amqp connection opened", "container-id", o.ContainerID, "hostname", o.Hostname,
		"sasl", c.saslMechanism, "peer-idle-time-out", c.peerIdle)
}

func (c *Conn) sendOpen() {
	if c.openSent {
		return
	}
	c.openSent = true
	open := &amqpwire.Open{
		ContainerID: c.opts.ContainerID, Hostname: c.opts.Hostname,
		MaxFrameSize: c.opts.MaxFrameSize, ChannelMax: c.opts.ChannelMax,
	}
	if c.opts.IdleTimeout > 0 {
		open.IdleTimeout = uint32(c.opts.IdleTimeout.Milliseconds())
	}
	c.writeFrame(0, open)
}

// onSessionFrame hands a frame to the session on its channel.
func (c *Conn) onSessionFrame(f amqpwire.Frame) {
	s := c.sessions[f.Channel]
	if s == nil {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionNotAllowed,
			fmt.Sprintf("%s on channel %d, which has no session", frameName(f.Body), f.Channel)))
		return
	}
	if e, ok := f.Body.(*amqpwire.End); ok {
		s.onEnd(e)
		return
	}
	if s.ending {
		return
	}
	switch b := f.Body.(type) {
	case *amqpwire.Transfer:
		s.onTransfer(b)
	case *amqpwire.Disposition:
		s.onDisposition(b)
	case *amqpwire.Flow:
		s.onFlow(b)
	case *amqpwire.Attach:
		s.onAttach(b)
	case *amqpwire.Detach:
		s.onDetach(b)
	}
}

// closeWith closes the connection from this side: every link and session goes
// down, the peer gets close with err, and the connection waits for the
// peer's close until Options.CloseTimeout.
func (c *Conn) closeWith(err *amqpwire.Error) {
	if c.closing || c.finished {
		return
	}
	c.closing = true
	if err != nil {
		c.log.Info("closing the connection", "error", err)
		c.closeErr = err
	}
	c.sendOpen()
	c.teardown(errOrNil(err))
	c.writeFrame(0, &amqpwire.Close{Error: err})
	c.closeDeadline = time.NewTimer(c.opts.CloseTimeout)
}

// onClose handles the peer's close: the answer to ours, or its own.
func (c *Conn) onClose(cl *amqpwire.Close) {
	c.peerClosed = true
	c.finished = true
	if c.closing {
		return
	}
	c.closing = true
	c.closeErr = errOrNil(cl.Error)
	c.log.Info("peer closed the connection", "error", c.closeErr)
	c.teardown(c.closeErr)
	c.writeFrame(0, &amqpwire.Close{})
}

// teardown ends every session and tells the hub the connection is gone.
func (c *Conn) teardown(cause error) {
	if c.tornDown {
		return
	}
	c.tornDown = true
	c.closeRun()
	linkErr := ErrConnClosed
	if cause != nil {
		linkErr = fmt.Errorf("%w: %w", ErrConnClosed, cause)
	}
	for _, s := range c.sessions {
		if !s.ending {
			s.teardown(linkErr)
		}
	}
	if f := c.handler.Closed; f != nil {
		f(c, cause)
	}
}

// newTicker starts the ticker for heartbeats and the idle check.
func (c *Conn) newTicker() *time.Ticker {
	var period time.Duration
	if c.opts.IdleTimeout > 0 {
		period = c.opts.IdleTimeout / 4
	}
	if c.peerIdle > 0 && (period == 0 || c.peerIdle/6 < period) {
		period = c.peerIdle / 6
	}
	if period == 0 {
		return nil
	}
	return time.NewTicker(max(period, 10*time.Millisecond))
}

// tick closes a peer that has been silent past the idle timeout and sends a
// heartbeat when the peer has not heard from the server for a third of its
// idle timeout.
func (c *Conn) tick(now time.Time) {
	if c.closing {
		return
	}
	if c.opts.IdleTimeout > 0 && now.Sub(c.lastRead) > c.opts.IdleTimeout {
		c.closeWith(amqpwire.NewError(amqpwire.ConditionResourceLimitExceeded,
			fmt.Sprintf("no frame from the peer within the idle-time-out of %v", c.opts.IdleTimeout)))
		return
	}
	if c.peerIdle > 0 && now.Sub(c.lastWrite) >= c.peerIdle/3 {
		c.flushDisposition()
		c.out = amqpwire.AppendEmptyFrame(c.out)
	}
}

// frameName names a performative for messages.
func frameName(p amqpwire.Performative) string {
	switch p.(type) {
	case *amqpwire.Open:
		return "open"
	case *amqpwire.Begin:
		return "begin"
	case *amqpwire.Attach:
		return "attach"
	case *amqpwire.Flow:
		return "flow"
	case *amqpwire.Transfer:
		return "transfer"
	case *amqpwire.Disposition:
		return "disposition"
	case *amqpwire.Detach:
		return "detach"
	case *amqpwire.End:
		return "end"
	case *amqpwire.Close:
		return "close"
	}
	return fmt.Sprintf("%T", p)
}
