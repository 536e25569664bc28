package amqpserver

import (
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// loop is the connection goroutine: it owns all connection, session, link and
// delivery state and runs every callback, one event at a time.
func (c *Conn) loop() error {
	c.lastRead = time.Now()
	openTimer := time.NewTimer(c.opts.HandshakeTimeout)
	defer openTimer.Stop()
	var ticker *time.Ticker
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	for !c.finished {
		c.flush()
		var tick <-chan time.Time
		if ticker != nil {
			tick = ticker.C
		}
		c.step(openTimer.C, tick)
		if ticker == nil && c.opened && !c.closing {
			ticker = c.newTicker()
		}
	}
	if c.closeDeadline != nil {
		c.closeDeadline.Stop()
	}
	return c.closeErr
}

// step waits for one event and handles it.
func (c *Conn) step(openTimeout, tick <-chan time.Time) {
	defer c.recoverPanic()
	in, done, shutdown := c.in, c.ctx.Done(), c.shutdownCh
	if c.outputFull() {
		in = nil
	}
	if c.closing {
		done, shutdown = nil, nil
	}
	var closeTimeout <-chan time.Time
	if c.closeDeadline != nil {
		closeTimeout = c.closeDeadline.C
	}
	select {
	case batch := <-in:
		c.onBatch(batch)
	case err := <-c.readErr:
		c.takeQueuedInput()
		c.onReadError(err)
	case buf := <-c.writeDone:
		c.writerReturned(buf)
	case err := <-c.writeErr:
		c.writerFailed = true
		c.takeQueuedInput()
		c.onIOError(fmt.Errorf("writing to the peer: %w", err))
	case <-c.runSignal:
		c.runQueued()
	case l := <-c.wakeQ:
		if !l.finished && !c.closing {
			l.wake()
		}
	case now := <-tick:
		c.tick(now)
	case <-openTimeout:
		c.onOpenTimeout()
	case <-closeTimeout:
		c.log.Info("peer did not answer close in time")
		c.finished = true
	case <-done:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionConnectionForced, "the server is shutting down"))
	case <-shutdown:
		c.closeWith(amqpwire.NewError(amqpwire.ConditionConnectionForced, "the server is shutting down"))
	}
}

// recoverPanic turns a panic in a callback into closing the connection, so
// one connection's failure does not take the server down.
func (c *Conn) recoverPanic() {
	r := recover()
	if r == nil {
		return
	}
	c.log.Error("panic on the connection goroutine; closing the connection", "panic", r, "stack", string(debug.Stack()))
	if c.closing {
		c.finished = true
		return
	}
	c.closeWith(amqpwire.NewError(amqpwire.ConditionInternalError, "internal error in the server"))
}

func (c *Conn) onBatch(batch []amqpwire.Frame) {
	c.lastRead = time.Now()
	for _, f := range batch {
		if c.finished {
			return
		}
		c.onFrame(f)
	}
}

// takeQueuedInput handles the batches the read loop handed over before the
// connection ended (the end of its input, or a failed write to a peer that hung
// up): what the peer sent before it hung up (its last settlements, say) counts,
// even while output is over its bound or can no longer be written.
func (c *Conn) takeQueuedInput() {
	for !c.finished {
		select {
		case batch := <-c.in:
			c.onBatch(batch)
		default:
			return
		}
	}
}

// runQueued runs the functions other goroutines passed to Run, and the
// wake-ups that did not fit in the wake queue.
func (c *Conn) runQueued() {
	c.runMu.Lock()
	q := c.runQ
	c.runQ = nil
	c.runMu.Unlock()
	for _, fn := range q {
		if c.finished {
			return
		}
		fn()
	}
	if c.wakeOverflow.Swap(false) {
		c.wakeAll()
	}
}

func (c *Conn) wakeAll() {
	for _, s := range c.sessions {
		for _, l := range s.byOutput {
			if l.wakePending.Load() && !l.finished && !c.closing {
				l.wake()
			}
		}
	}
}

func (c *Conn) onOpenTimeout() {
	if c.opened {
		return
	}
	c.log.Info("no open frame within the handshake timeout; dropping the connection", "timeout", c.opts.HandshakeTimeout)
	c.closeErr = fmt.Errorf("no open frame within %v", c.opts.HandshakeTimeout)
	c.finished = true
}

// onReadError handles the end of the read loop: malformed input (answered
// with a close carrying the matching condition) or a broken connection.
func (c *Conn) onReadError(err error) {
	var de *amqpwire.DecodeError
	if errors.As(err, &de) {
		c.log.Warn("malformed input from the peer; closing the connection", "error", err)
		c.closeWith(de.AMQPError())
		c.closeErr = err
		return
	}
	if c.closing {
		c.finished = true
		return
	}
	c.onIOError(fmt.Errorf("reading from the peer: %w", err))
}

// onIOError ends a connection that can no longer be read or written.
func (c *Conn) onIOError(err error) {
	if !c.closing {
		c.log.Info("amqp connection lost", "error", err)
	}
	c.closing = true
	c.teardown(err)
	if c.closeErr == nil {
		c.closeErr = err
	}
	c.finished = true
}
