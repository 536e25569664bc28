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
		enc, err := AppendValue(nil, v)
		if err != nil {
			t.Fatalf("decoded %#v but cannot encode it: %v", v, err)
		}
		v2, _, err := DecodeValue(enc)
		if err != nil {
			t.Fatalf("cannot decode my own encoding % x: %v", enc, err)
		}
		enc2, err := AppendValue(nil, v2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable: % x then % x (%v)", enc, enc2, err)
		}
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
				checkFrameFixedPoint(t, fm)
			}
		}
	})
}

func checkFrameFixedPoint(t *testing.T, fm Frame) {
	enc, err := AppendFrame(nil, fm.Channel, fm.Body)
	if err != nil {
		t.Fatalf("read %#v but cannot encode it: %v", fm.Body, err)
	}
	again, err := NewFrameReader(bufio.NewReader(bytes.NewReader(enc)), 1<<20).ReadFrame()
	if err != nil {
		t.Fatalf("cannot read my own frame % x: %v", enc, err)
	}
	enc2, err := AppendFrame(nil, again.Channel, again.Body)
	if err != nil || !bytes.Equal(enc, enc2) {
		t.Fatalf("frame encoding is not stable: % x then % x (%v)", enc, enc2, err)
	}
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
		enc, err := m.MarshalBinary()
		if err != nil {
			t.Fatalf("decoded %#v but cannot encode it: %v", m, err)
		}
		m2, err := UnmarshalMessage(enc)
		if err != nil {
			t.Fatalf("cannot decode my own encoding % x: %v", enc, err)
		}
		enc2, err := m2.MarshalBinary()
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable: % x then % x (%v)", enc, enc2, err)
		}
	})
}
