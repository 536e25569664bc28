package amqpserver

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/iotest"

	"github.com/hubspec/hubspec/internal/amqpwire"
)

// chunked reads its data in the chunk sizes given, cycling through them, as a
// socket hands over what has arrived.
type chunked struct {
	data   []byte
	sizes  []int
	next   int
	maxLen int // the largest read asked for
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.maxLen = max(c.maxLen, len(p))
	n := min(len(p), len(c.data), c.sizes[c.next%len(c.sizes)])
	c.next++
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// frameStream encodes transfers with bodies of the sizes given, and an empty
// frame after each.
func frameStream(t testing.TB, sizes ...int) []byte {
	t.Helper()
	var out []byte
	for i, size := range sizes {
		var err error
		out, err = amqpwire.AppendFrame(out, 0, &amqpwire.Transfer{Handle: 0, DeliveryID: amqpwire.Some(uint32(i)),
			DeliveryTag: []byte{byte(i)}, Settled: true, Payload: bytes.Repeat([]byte{byte(i)}, size)})
		if err != nil {
			t.Fatal(err)
		}
		out = amqpwire.AppendEmptyFrame(out)
	}
	return out
}

// readAll reads every frame from r and renders each as its channel and body.
func readAll(r amqpwire.PeekReader) ([]string, error) {
	fr := amqpwire.NewFrameReader(r, 1<<20)
	var out []string
	for {
		f, err := fr.ReadFrame()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		var body []byte
		if t, ok := f.Body.(*amqpwire.Transfer); ok {
			body = t.Payload
		}
		out = append(out, string(rune(f.Channel))+string(body))
	}
}

func newReadBuffer(src io.Reader) *readBuffer {
	b := &readBuffer{}
	b.init(src)
	return b
}

// Whatever the chunks the input arrives in, the frames read through the
// connection's buffer are those read through a bufio.Reader: small frames,
// frames larger than either buffer, frames split across reads.
func TestReadBufferReadsWhatBufioReads(t *testing.T) {
	stream := frameStream(t, 0, 10, 300, 511, 512, 513, 4000, 16<<10, 16<<10+1, 60000, 3, 100000, 7)
	want, err := readAll(bufio.NewReader(bytes.NewReader(stream)))
	if err != nil || len(want) != 26 {
		t.Fatalf("bufio read %d frames: %v", len(want), err)
	}
	for _, sizes := range [][]int{{1}, {7}, {8, 1}, {511}, {512}, {513}, {16 << 10}, {1 << 20}, {3, 5000, 9, 20000}} {
		got, err := readAll(newReadBuffer(&chunked{data: stream, sizes: sizes}))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("chunks %v: %d frames, %v; want the %d bufio read", sizes, len(got), err, len(want))
		}
	}
	got, err := readAll(newReadBuffer(iotest.HalfReader(iotest.DataErrReader(bytes.NewReader(stream)))))
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("half reads with the error beside the data: %d frames, %v", len(got), err)
	}
}

// A read that fills the small buffer makes the next read go into a large
// one; once a read has drained the socket and its bytes are consumed, the
// large buffer goes back before the next read, which may wait long.
func TestReadBufferHoldsALargeBufferOnlyWhileInputStreams(t *testing.T) {
	stream := frameStream(t, 100, 100, 100, 100, 100, 100)
	src := &chunked{data: stream, sizes: []int{len(stream)}}
	b := newReadBuffer(src)
	fr := amqpwire.NewFrameReader(b, 1<<20)
	for range 12 {
		if _, err := fr.ReadFrame(); err != nil {
			t.Fatal(err)
		}
	}
	if src.maxLen <= smallReadBuffer || b.large == nil {
		t.Fatalf("reads of up to %d bytes, large buffer %v; want the read after the full one into a large buffer", src.maxLen, b.large != nil)
	}
	src.data = frameStream(t, 1) // a little more arrives
	if _, err := fr.ReadFrame(); err != nil {
		t.Fatal(err)
	}
	if b.large != nil || len(b.buf) != smallReadBuffer {
		t.Errorf("reading after a drained socket: a buffer of %d bytes, large %v; want the small one", len(b.buf), b.large != nil)
	}
}

func TestReadBufferPeekAndDiscard(t *testing.T) {
	data := []byte("0123456789abcdef")
	b := newReadBuffer(iotest.OneByteReader(bytes.NewReader(data)))
	if p, err := b.Peek(10); err != nil || string(p) != "0123456789" {
		t.Fatalf("Peek(10) = %q, %v", p, err)
	}
	if n, err := b.Discard(12); n != 12 || err != nil {
		t.Fatalf("Discard(12) = %d, %v", n, err)
	}
	if p, err := b.Peek(8); !errors.Is(err, io.EOF) || string(p) != "cdef" {
		t.Errorf("Peek past the end = %q, %v; want what is left and EOF", p, err)
	}
	if n, err := b.Discard(5); n != 4 || !errors.Is(err, io.EOF) {
		t.Errorf("Discard past the end = %d, %v; want 4 and EOF", n, err)
	}
	if _, err := b.Peek(largeReadBuffer + 1); !errors.Is(err, bufio.ErrBufferFull) {
		t.Errorf("Peek beyond the large buffer: %v; want bufio.ErrBufferFull", err)
	}
}

// A read of a large frame body into an empty buffer goes straight from the
// connection into the body.
func TestReadBufferReadsLargeBodiesDirectly(t *testing.T) {
	data := make([]byte, 3*largeReadBuffer)
	for i := range data {
		data[i] = byte(rand.IntN(256))
	}
	src := &chunked{data: data, sizes: []int{len(data)}}
	b := newReadBuffer(src)
	got := make([]byte, len(data))
	if _, err := io.ReadFull(b, got); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %v; want the data", err)
	}
	if src.maxLen != len(data) || b.large != nil {
		t.Errorf("largest read %d, large buffer %v; want one read of %d and no buffer", src.maxLen, b.large != nil, len(data))
	}
}

// FuzzReadBuffer feeds the same bytes, in chunks the fuzzer picks, through the
// connection's buffer and through a bufio.Reader: the frames, or the error,
// must be the same.
func FuzzReadBuffer(f *testing.F) {
	f.Add(frameStream(f, 10, 600, 1500), uint16(1), uint16(700))
	f.Add(frameStream(f, 0, 520, 3), uint16(512), uint16(8))
	f.Add([]byte{0, 0, 0, 9, 2, 0, 0, 0, 0}, uint16(3), uint16(3))
	f.Fuzz(func(t *testing.T, stream []byte, a, b uint16) {
		want, wantErr := readAll(bufio.NewReader(bytes.NewReader(stream)))
		got, gotErr := readAll(newReadBuffer(&chunked{data: stream, sizes: []int{int(a%20000) + 1, int(b%20000) + 1}}))
		if !slices.Equal(got, want) || (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("read %d frames, %v; bufio read %d, %v", len(got), gotErr, len(want), wantErr)
		}
	})
}
