package amqpwire

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestUnmarshalMessageVectors(t *testing.T) {
	for _, v := range messageVectors {
		t.Run(v.name, func(t *testing.T) {
			got, err := UnmarshalMessage(v.raw)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, v.msg) {
				t.Errorf("decoded\n %#v\nwant\n %#v", got, v.msg)
			}
		})
	}
}

func TestMarshalMessageVectors(t *testing.T) {
	for _, v := range messageVectors {
		if v.decodeOnly {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			got, err := v.msg.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, v.raw) {
				t.Errorf("encoded\n % x\nwant\n % x", got, v.raw)
			}
		})
	}
}

// The sections a peer sends come back out as they came in after a decode and
// encode: the hub relays C2D messages this way.
func TestMessageSectionsPassThrough(t *testing.T) {
	for _, v := range messageVectors {
		t.Run(v.name, func(t *testing.T) {
			m, err := UnmarshalMessage(v.raw)
			if err != nil {
				t.Fatal(err)
			}
			again, err := m.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			m2, err := UnmarshalMessage(again)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, m2) {
				t.Errorf("after a round trip\n %#v\nwant\n %#v", m2, m)
			}
		})
	}
}

func TestUnmarshalMessageRefusesBadInput(t *testing.T) {
	for _, v := range badMessages {
		t.Run(v.name, func(t *testing.T) {
			_, err := UnmarshalMessage(v.raw)
			if err == nil || !strings.Contains(err.Error(), v.want) {
				t.Fatalf("got %v, want an error containing %q", err, v.want)
			}
		})
	}
}

func TestMarshalMessageRefusesUnencodableValues(t *testing.T) {
	m := &Message{ApplicationProperties: Map{{"k", struct{}{}}}}
	if b, err := m.AppendTo([]byte{9}); err == nil || !bytes.Equal(b, []byte{9}) {
		t.Fatalf("got % x, %v; want the buffer unchanged and an error", b, err)
	}
}
