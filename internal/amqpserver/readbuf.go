package amqpserver

import (
	"bufio"
	"io"
	"sync"
)

// The read buffer of a connection. Most connections of a hub are idle
// devices, so an idle connection holds only a small buffer of its own; one
// whose reads fill that buffer (input is arriving faster than it is read)
// borrows a large buffer from a pool, and gives it back once a read has
// drained the socket and everything read has been consumed, before the next
// read, which may block for a long time.
const (
	smallReadBuffer = 512
	largeReadBuffer = 16 << 10
)

var largeReadBuffers = sync.Pool{New: func() any {
	b := make([]byte, largeReadBuffer)
	return &b
}}

// readBuffer buffers a connection's input for the FrameReader; buf[r:w] is
// what has been read and not consumed. It belongs to the goroutine reading
// the connection (the handshake, then the read loop).
type readBuffer struct {
	src      io.Reader
	buf      []byte
	r, w     int
	large    *[]byte // the pooled buffer buf is, if it is one
	streamed bool    // the last read filled the buffer: more is likely waiting
	small    [smallReadBuffer]byte
}

func (b *readBuffer) init(src io.Reader) {
	b.src = src
	b.buf = b.small[:]
}

// Buffered is the number of bytes read and not consumed yet.
func (b *readBuffer) Buffered() int { return b.w - b.r }

// Peek returns the next n bytes without consuming them, reading as needed.
func (b *readBuffer) Peek(n int) ([]byte, error) {
	if n > largeReadBuffer {
		return nil, bufio.ErrBufferFull
	}
	for b.Buffered() < n {
		if err := b.fill(n); err != nil {
			return b.buf[b.r:b.w], err
		}
	}
	return b.buf[b.r : b.r+n], nil
}

// Discard consumes the next n bytes, reading as needed.
func (b *readBuffer) Discard(n int) (int, error) {
	done := 0
	for done < n {
		if b.Buffered() == 0 {
			if err := b.fill(1); err != nil {
				return done, err
			}
		}
		k := min(n-done, b.Buffered())
		b.r += k
		done += k
	}
	return done, nil
}

// Read reads into p: from the buffer when it holds anything, else straight
// from the connection when p is at least as large as a large buffer.
func (b *readBuffer) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if b.Buffered() == 0 {
		if len(p) >= largeReadBuffer {
			b.release()
			return b.src.Read(p)
		}
		if err := b.fill(1); err != nil {
			return 0, err
		}
	}
	n := copy(p, b.buf[b.r:b.w])
	b.r += n
	return n, nil
}

// fill reads once from the connection, making room for want bytes in all:
// it moves what is buffered to the front, takes a large buffer when the
// small one cannot hold want or the last read filled it, and gives the large
// one back when it is empty and the last read drained the socket.
func (b *readBuffer) fill(want int) error {
	if b.r == b.w {
		b.r, b.w = 0, 0
		if !b.streamed {
			b.release()
		}
	}
	if b.large == nil && (want > len(b.buf) || b.streamed) {
		b.borrow()
	}
	if b.r > 0 && len(b.buf)-b.r < want {
		b.w = copy(b.buf, b.buf[b.r:b.w])
		b.r = 0
	}
	n, err := b.src.Read(b.buf[b.w:])
	b.streamed = b.w+n == len(b.buf)
	b.w += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// borrow moves what is buffered into a large buffer from the pool.
func (b *readBuffer) borrow() {
	large := largeReadBuffers.Get().(*[]byte)
	b.w = copy(*large, b.buf[b.r:b.w])
	b.r = 0
	b.buf, b.large = *large, large
}

// release gives the large buffer back when it holds nothing.
func (b *readBuffer) release() {
	if b.large == nil || b.r != b.w {
		return
	}
	largeReadBuffers.Put(b.large)
	b.buf, b.large = b.small[:], nil
	b.r, b.w = 0, 0
}
