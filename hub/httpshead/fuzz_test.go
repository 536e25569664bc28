package httpshead

import (
	"strings"
	"testing"

	"github.com/hubspec/hubspec/hub/core"
)

// FuzzParseRoute: any request path routes or is refused, never a panic; a
// routed device id is never empty.
func FuzzParseRoute(f *testing.F) {
	for _, s := range []string{"/devices", "/devices/", "/devices/dev1", "/Devices/a%2Bb/commands", "/devices/%zz", "/devices/a/b/c/d", "//", "/twins/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		rt, err := parseRoute(path)
		if err != nil {
			return
		}
		if rt.commands && rt.deviceID == "" {
			t.Fatalf("%q: commands without a device", path)
		}
	})
}

// FuzzDecodeDevice: create and update bodies decode or are refused with an
// ArgumentInvalid error.
func FuzzDecodeDevice(f *testing.F) {
	f.Add([]byte(nodeCreateBody), "dev1")
	f.Add([]byte(`{"status":"disabled","statusReason":null,"authentication":{"x509Thumbprint":{"primaryThumbprint":null}}}`), "d")
	f.Add([]byte(`{"deviceId":1}`), "d")
	f.Fuzz(func(t *testing.T, body []byte, id string) {
		spec, err := decodeDevice(body, id)
		if err != nil {
			if core.CodeOf(err) != core.CodeArgumentInvalid {
				t.Fatalf("refusal %v is not ArgumentInvalid", err)
			}
			return
		}
		if spec.DeviceID != id {
			t.Fatalf("decoded id %q; path id %q", spec.DeviceID, id)
		}
	})
}

// FuzzDecodeBulk: bulk bodies decode to 1-100 distinct devices or are refused
// with a 400 or 413.
func FuzzDecodeBulk(f *testing.F) {
	f.Add([]byte(nodeBulk("create", "a", "b")))
	f.Add([]byte(`[{"id":"a","importMode":"delete","eTag":"x"},{"id":"a"}]`))
	f.Add([]byte(`[` + strings.Repeat(`{},`, 100) + `{}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ops, status, _, err := decodeBulk(body)
		if err != nil {
			if status != 400 && status != 413 {
				t.Fatalf("refused with status %d", status)
			}
			return
		}
		if len(ops) == 0 || len(ops) > maxBulk {
			t.Fatalf("accepted %d devices", len(ops))
		}
	})
}
