package amqpserver

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// I/O ownership: the read loop owns the FrameReader and hands batches of
// decoded frames to the connection goroutine over c.in; the connection
// goroutine encodes frames into c.out and hands whole buffers to the write
// loop over c.writeQ, one at a time, getting each back on c.writeDone.

const (
	maxBatchFrames = 64
	maxBatchBytes  = 256 << 10
	// maxOutBuffered is how much encoded output may wait for the write loop
	// before the connection goroutine stops taking input.
	maxOutBuffered = 1 << 20
	// maxSpareBuffer is the largest output buffer kept for reuse.
	maxSpareBuffer = 256 << 10
)

// readLoop reads frames until an error and hands them over in batches: a
// batch ends when the next frame is not buffered yet, so nothing waits behind
// a slow peer.
func (c *Conn) readLoop() {
	defer close(c.readerExited)
	batch := make([]amqpwire.Frame, 0, 8)
	batchBytes := 0
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			if len(batch) > 0 && !c.handOver(batch) {
				return
			}
			c.readFailed(err)
			return
		}
		batch = append(batch, f)
		batchBytes += c.fr.LastFrameSize()
		if len(batch) < maxBatchFrames && batchBytes < maxBatchBytes && c.fr.Buffered() {
			continue
		}
		if !c.handOver(batch) {
			return
		}
		batch, batchBytes = make([]amqpwire.Frame, 0, 8), 0
	}
}

// readFailed reports the error that ended reading. After malformed input it
// goes on reading and dropping bytes, so the peer can read the close frame
// instead of a reset, until the peer hangs up or the connection is closed.
func (c *Conn) readFailed(err error) {
	if !c.report(err) {
		return
	}
	var de *amqpwire.DecodeError
	if errors.As(err, &de) {
		_, err = io.Copy(io.Discard, &c.rb)
		c.report(fmt.Errorf("after malformed input: %w", cmp.Or(err, io.EOF)))
	}
}

func (c *Conn) report(err error) bool {
	select {
	case c.readErr <- err:
		return true
	case <-c.stop:
		return false
	}
}

func (c *Conn) handOver(batch []amqpwire.Frame) bool {
	select {
	case c.in <- batch:
		return true
	case <-c.stop:
		return false
	}
}

// writeLoop writes the buffers it is handed until c.writeQ is closed or a
// write fails.
func (c *Conn) writeLoop() {
	defer close(c.writerExited)
	for buf := range c.writeQ {
		_ = c.nc.SetWriteDeadline(time.Now().Add(c.opts.WriteTimeout))
		if _, err := c.nc.Write(buf); err != nil {
			c.writeErr <- err
			return
		}
		if cap(buf) > maxSpareBuffer {
			buf = make([]byte, 0, 4096)
		}
		c.writeDone <- buf[:0]
	}
}

// flush hands the buffered output to the write loop when it is idle.
func (c *Conn) flush() {
	c.flushDisposition()
	if c.writerBusy || c.writerFailed || len(c.out) == 0 {
		return
	}
	c.writeQ <- c.out
	c.out, c.spare = c.spare, nil
	c.writerBusy = true
	c.lastWrite = time.Now()
}

// writerReturned takes back the buffer the write loop finished with.
func (c *Conn) writerReturned(buf []byte) {
	c.spare = buf
	c.writerBusy = false
}

// writeFrame encodes a frame into the output buffer. A frame the peer's
// max-frame-size cannot take closes the connection with
// amqp:frame-size-too-small.
func (c *Conn) writeFrame(channel uint16, p amqpwire.Performative) {
	c.flushDisposition()
	start := len(c.out)
	out, err := amqpwire.AppendFrame(c.out, channel, p)
	if err != nil {
		c.log.Error("cannot encode a frame; closing", "performative", frameName(p), "error", err)
		c.closeWith(amqpwire.NewError(amqpwire.ConditionInternalError, "the server could not encode a frame"))
		return
	}
	if size := len(out) - start; c.peerMaxFrame != 0 && uint64(size) > uint64(c.peerMaxFrame) {
		c.out = out[:start]
		c.closeWith(amqpwire.NewError(amqpwire.ConditionFrameSizeTooSmall,
			fmt.Sprintf("a %s frame of %d bytes does not fit the max-frame-size of %d", frameName(p), size, c.peerMaxFrame)))
		return
	}
	c.out = out
}

// outputFull reports whether the connection should stop taking input until
// the write loop catches up.
func (c *Conn) outputFull() bool { return len(c.out) > maxOutBuffered }

// drainWrites hands all remaining output to the write loop and waits until it
// is written, the write fails or the deadline passes.
func (c *Conn) drainWrites(deadline time.Time) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		c.flush()
		if !c.writerBusy || c.writerFailed {
			return
		}
		select {
		case buf := <-c.writeDone:
			c.writerReturned(buf)
		case <-c.writeErr:
			c.writerFailed = true
			return
		case <-timer.C:
			return
		}
	}
}
