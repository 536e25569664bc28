package mqtthead

import (
	"testing"
	"time"
)

func TestKeepAliveCeiling(t *testing.T) {
	h := &Head{opts: Options{MaxKeepAlive: 100 * time.Second}}
	for asked, want := range map[uint16]uint16{0: 100, 1: 1, 60: 60, 100: 100, 101: 100, 65535: 100} {
		if got := h.keepAlive(asked); got != want {
			t.Errorf("keepAlive(%d) = %d; want %d", asked, got, want)
		}
	}
}

func TestOptionDefaults(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.MaxInFlight != 16 || o.ConnectTimeout != 10*time.Second || o.MaxKeepAlive != 1767*time.Second || o.Logger == nil {
		t.Errorf("defaults %+v", o)
	}
}
