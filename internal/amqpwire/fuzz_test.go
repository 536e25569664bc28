package amqpwire

import (
	"bufio"
	"bytes"
	"testing"
)

// Run a target for five minutes with, for example:
//
//	go test ./internal/amqpwire -run '^$' -fuzz '^FuzzDecodeValue$' -fuzztime 5m
//
// Seeds are the test vectors plus testdata/fuzz/<target>/.

// FuzzDecodeValue: the type decoder never panics, never reads past its input,
// and whatever it decodes encodes to a fixed point.
func FuzzDecodeValue(f *testing.F) {
	for _, v := range valueVectors {
		f.Add(v.raw)
	}
	for _, v := range badValues {
		f.Add(v.raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n, err := DecodeValue(b)
		if err != nil {
			return
		}
		if n <= 0 || n > len(b) {
			t.Fatalf("used %d of %d bytes", n, len(b))
		}
		checkFixedPoint(t, v, func(v any) ([]byte, error) { return AppendValue(nil, v) },
			func(b []byte) (any, error) { v, _, err := DecodeValue(b); return v, err })
	})
}

// FuzzReadFrame: the frame reader never panics and every frame it returns
// encodes to a fixed point.
func FuzzReadFrame(f *testing.F) {
	for _, v := range frameVectors {
		f.Add(v.raw)
	}
	for _, v := range badFrames {
		f.Add(v.raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr := NewFrameReader(bufio.NewReader(bytes.NewReader(b)), 1<<16)
		for {
			fm, err := fr.ReadFrame()
			if err != nil {
				return
			}
			if fm.Body != nil {
				checkFixedPoint(t, fm, encodeFrame, decodeFrame)
			}
		}
	})
}

func encodeFrame(f Frame) ([]byte, error) { return AppendFrame(nil, f.Channel, f.Body) }

func decodeFrame(b []byte) (Frame, error) {
	return NewFrameReader(bufio.NewReader(bytes.NewReader(b)), 1<<20).ReadFrame()
}

// FuzzUnmarshalMessage: the message decoder never panics and what it decodes
// encodes to a fixed point.
func FuzzUnmarshalMessage(f *testing.F) {
	for _, v := range messageVectors {
		f.Add(v.raw)
	}
	for _, v := range badMessages {
		f.Add(v.raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := UnmarshalMessage(b)
		if err != nil {
			return
		}
		checkFixedPoint(t, m, (*Message).MarshalBinary, UnmarshalMessage)
	})
}

// checkFixedPoint checks that a decoded value encodes, that the encoding
// decodes, and that encoding again gives the same bytes. Comparing bytes
// rather than values keeps NaN floats from failing the check.
func checkFixedPoint[T any](t *testing.T, v T, encode func(T) ([]byte, error), decode func([]byte) (T, error)) {
	t.Helper()
	enc, err := encode(v)
	if err != nil {
		t.Fatalf("decoded %#v but cannot encode it: %v", v, err)
	}
	v2, err := decode(enc)
	if err != nil {
		t.Fatalf("cannot decode my own encoding % x: %v", enc, err)
	}
	enc2, err := encode(v2)
	if err != nil || !bytes.Equal(enc, enc2) {
		t.Fatalf("encoding is not stable: % x then % x (%v)", enc, enc2, err)
	}
}
