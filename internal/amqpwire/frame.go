package amqpwire

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Frame types and sizes (AMQP 1.0 part 2.3).
const (
	FrameTypeAMQP uint8 = 0
	FrameTypeSASL uint8 = 1

	// FrameHeaderSize is the size of a frame header without extended header.
	FrameHeaderSize = 8
	// MinMaxFrameSize is the smallest max-frame-size a peer may advertise.
	MinMaxFrameSize = 512
)

// Frame is one decoded frame. Body is nil for an empty frame (a heartbeat).
type Frame struct {
	Type    uint8
	Channel uint16
	Body    Performative
}

// AppendFrame appends the frame carrying body on channel, including a
// transfer's payload, and returns the extended slice.
func AppendFrame(b []byte, channel uint16, body Performative) ([]byte, error) {
	start := len(b)
	b = appendFrameHeader(b, body.FrameType(), channel)
	b, err := body.appendTo(b)
	if err != nil {
		return b[:start], err
	}
	if t, ok := body.(*Transfer); ok {
		b = append(b, t.Payload...)
	}
	return patchFrameSize(b, start), nil
}

// AppendEmptyFrame appends an empty AMQP frame, the heartbeat.
func AppendEmptyFrame(b []byte) []byte {
	return append(b, 0, 0, 0, FrameHeaderSize, 2, FrameTypeAMQP, 0, 0)
}

// AppendTransfer appends one transfer frame on channel carrying as much of
// payload as fits in maxFrameSize. It sets t.More when payload does not fit and
// returns how many payload bytes the frame carries. t.Payload is ignored.
func AppendTransfer(b []byte, channel uint16, t *Transfer, payload []byte, maxFrameSize uint32) ([]byte, int, error) {
	start := len(b)
	t.More = false
	b, room, err := appendTransferHead(b, channel, t, maxFrameSize)
	if err == nil && len(payload) > room {
		t.More = true
		b, room, err = appendTransferHead(b[:start], channel, t, maxFrameSize)
	}
	if err != nil {
		return b[:start], 0, err
	}
	n := min(room, len(payload))
	b = append(b, payload[:n]...)
	return patchFrameSize(b, start), n, nil
}

// appendTransferHead writes the header and performative of a transfer frame and
// returns the room left for payload.
func appendTransferHead(b []byte, channel uint16, t *Transfer, maxFrameSize uint32) ([]byte, int, error) {
	start := len(b)
	b = appendFrameHeader(b, FrameTypeAMQP, channel)
	b, err := t.appendTo(b)
	if err != nil {
		return b, 0, err
	}
	room := int64(maxFrameSize) - int64(len(b)-start)
	if room < 1 {
		return b, 0, &Error{Condition: ConditionFrameSizeTooSmall,
			Description: fmt.Sprintf("a transfer frame needs more than the max-frame-size of %d bytes", maxFrameSize)}
	}
	return b, int(min(room, int64(1)<<31)), nil
}

func appendFrameHeader(b []byte, typ uint8, channel uint16) []byte {
	return append(b, 0, 0, 0, 0, 2, typ, byte(channel>>8), byte(channel))
}

func patchFrameSize(b []byte, start int) []byte {
	binary.BigEndian.PutUint32(b[start:], uint32(len(b)-start))
	return b
}

// FrameReader reads frames from a buffered stream and refuses frames larger
// than its max frame size.
type FrameReader struct {
	r       PeekReader
	maxSize uint32
	last    uint32
}

// PeekReader is the buffered stream a FrameReader reads: a *bufio.Reader, or
// a buffer of the caller's own that can peek at a frame header.
type PeekReader interface {
	io.Reader
	Peek(n int) ([]byte, error)
	Discard(n int) (int, error)
	Buffered() int
}

// NewFrameReader returns a reader of frames of at most maxFrameSize bytes.
func NewFrameReader(r PeekReader, maxFrameSize uint32) *FrameReader {
	return &FrameReader{r: r, maxSize: maxFrameSize}
}

// SetMaxFrameSize changes the size limit for the frames that follow.
func (fr *FrameReader) SetMaxFrameSize(n uint32) { fr.maxSize = n }

// LastFrameSize is the size of the frame ReadFrame read last.
func (fr *FrameReader) LastFrameSize() int { return int(fr.last) }

// Buffered reports whether a whole frame is already buffered, so that reading
// it will not block.
func (fr *FrameReader) Buffered() bool {
	if fr.r.Buffered() < FrameHeaderSize {
		return false
	}
	h, _ := fr.r.Peek(FrameHeaderSize)
	return uint64(binary.BigEndian.Uint32(h)) <= uint64(fr.r.Buffered())
}

// ReadFrame reads and decodes one frame. Malformed frames yield a *DecodeError
// whose Condition says how to close the connection; I/O errors are returned
// as they are.
func (fr *FrameReader) ReadFrame() (Frame, error) {
	h, err := fr.r.Peek(FrameHeaderSize)
	if err != nil {
		return Frame{}, err
	}
	size, doff := binary.BigEndian.Uint32(h), uint32(h[4])*4
	f := Frame{Type: h[5], Channel: binary.BigEndian.Uint16(h[6:])}
	if err := fr.checkHeader(size, doff, f.Type); err != nil {
		return Frame{}, err
	}
	_, _ = fr.r.Discard(FrameHeaderSize)
	fr.last = size
	body := make([]byte, size-FrameHeaderSize)
	if _, err := io.ReadFull(fr.r, body); err != nil {
		return Frame{}, fmt.Errorf("reading a frame of %d bytes: %w", size, err)
	}
	body = body[doff-FrameHeaderSize:]
	if len(body) == 0 {
		return f, nil
	}
	f.Body, err = DecodePerformative(f.Type, body)
	return f, err
}

func (fr *FrameReader) checkHeader(size, doff uint32, typ uint8) error {
	switch {
	case size < FrameHeaderSize:
		return framingErrorf("frame size %d is smaller than the frame header", size)
	case size > fr.maxSize:
		return framingErrorf("frame of %d bytes exceeds the max-frame-size of %d", size, fr.maxSize)
	case doff < FrameHeaderSize:
		return framingErrorf("data offset %d is smaller than the frame header", doff)
	case doff > size:
		return framingErrorf("data offset %d is beyond the frame size %d", doff, size)
	case typ != FrameTypeAMQP && typ != FrameTypeSASL:
		return framingErrorf("unknown frame type 0x%02x", typ)
	}
	return nil
}
