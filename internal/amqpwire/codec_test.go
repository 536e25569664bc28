package amqpwire

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeValueVectors(t *testing.T) {
	for _, v := range valueVectors {
		t.Run(v.name, func(t *testing.T) {
			got, n, err := DecodeValue(v.raw)
			if err != nil {
				t.Fatalf("decode % x: %v", v.raw, err)
			}
			if n != len(v.raw) {
				t.Errorf("used %d of %d bytes", n, len(v.raw))
			}
			if !reflect.DeepEqual(got, v.value) {
				t.Errorf("decoded %#v, want %#v", got, v.value)
			}
		})
	}
}

func TestAppendValueVectors(t *testing.T) {
	for _, v := range valueVectors {
		if v.decodeOnly {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			prefix := []byte{0xee}
			got, err := AppendValue(prefix, v.value)
			if err != nil {
				t.Fatalf("encode %#v: %v", v.value, err)
			}
			if !bytes.Equal(got[1:], v.raw) {
				t.Errorf("encoded\n % x\nwant\n % x", got[1:], v.raw)
			}
		})
	}
}

func TestDecodeValueRefusesBadInput(t *testing.T) {
	for _, v := range badValues {
		t.Run(v.name, func(t *testing.T) {
			_, _, err := DecodeValue(v.raw)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if de.Condition != ConditionDecodeError || !strings.Contains(err.Error(), v.want) {
				t.Errorf("got %q (%s), want %q", err, de.Condition, v.want)
			}
			if !strings.Contains(err.Error(), "at byte ") {
				t.Errorf("error %q does not say where", err)
			}
		})
	}
}

func TestAppendValueRefusesWhatAMQPCannotCarry(t *testing.T) {
	for name, v := range map[string]any{
		"a Go map":              map[string]any{"a": 1},
		"a mixed array":         Array{uint32(1), "a"},
		"an array of nulls":     Array{nil},
		"a bad descriptor":      Described{Descriptor: "text", Value: nil},
		"a struct in a list":    []any{struct{}{}},
		"described array mixed": Array{Described{uint64(1), "a"}, Described{uint64(2), "b"}},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := AppendValue([]byte{1}, v)
			if err == nil {
				t.Fatalf("encoded %#v as % x", v, b)
			}
			if !bytes.Equal(b, []byte{1}) {
				t.Errorf("on error the buffer changed to % x", b)
			}
		})
	}
}

func TestReadFrameVectors(t *testing.T) {
	for _, v := range frameVectors {
		t.Run(v.name, func(t *testing.T) {
			fr := NewFrameReader(bufio.NewReader(bytes.NewReader(v.raw)), 1<<16)
			got, err := fr.ReadFrame()
			if err != nil {
				t.Fatalf("read % x: %v", v.raw, err)
			}
			if !reflect.DeepEqual(got, v.frame) {
				t.Errorf("read\n %#v\nwant\n %#v", got.Body, v.frame.Body)
			}
		})
	}
}

func TestAppendFrameVectors(t *testing.T) {
	for _, v := range frameVectors {
		if v.decodeOnly {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			var got []byte
			if v.frame.Body == nil {
				got = AppendEmptyFrame(nil)
			} else {
				var err error
				if got, err = AppendFrame(nil, v.frame.Channel, v.frame.Body); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got, v.raw) {
				t.Errorf("encoded\n % x\nwant\n % x", got, v.raw)
			}
		})
	}
}

func TestReadFrameRefusesBadFrames(t *testing.T) {
	for _, v := range badFrames {
		t.Run(v.name, func(t *testing.T) {
			fr := NewFrameReader(bufio.NewReader(bytes.NewReader(v.raw)), 512)
			_, err := fr.ReadFrame()
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if de.Condition != v.condition || !strings.Contains(err.Error(), v.want) {
				t.Errorf("got %q (%s), want %q (%s)", err, de.Condition, v.want, v.condition)
			}
		})
	}
}

func TestReadFrameReportsATruncatedFrame(t *testing.T) {
	fr := NewFrameReader(bufio.NewReader(bytes.NewReader(hx("00 00 00 14 02 00 00 00 00 53"))), 512)
	_, err := fr.ReadFrame()
	var de *DecodeError
	if err == nil || errors.As(err, &de) || !strings.Contains(err.Error(), "reading a frame of 20 bytes") {
		t.Fatalf("got %v, want an I/O error about the 20-byte frame", err)
	}
}
