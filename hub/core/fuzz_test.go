package core

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseSharedAccessSignature: any string is parsed or refused, never a
// panic, and a refusal never quotes a signature.
func FuzzParseSharedAccessSignature(f *testing.F) {
	f.Add("SharedAccessSignature sr=localhost%2Fdevices%2Fdev1&sig=abc%2B%3D&se=1700000000")
	f.Add("SharedAccessSignature sr=localhost&sig=x&skn=iothubowner&se=1")
	f.Add("SharedAccessSignature se=1&sig=&sr=")
	f.Add("SharedAccessSignature sr=a&sig=%zz&se=99999999999999999999")
	f.Fuzz(func(t *testing.T, token string) {
		s, err := ParseSharedAccessSignature(token)
		if err != nil {
			return
		}
		if s.Resource == "" || s.ExpiryText == "" {
			t.Fatalf("accepted without sr or se: %+v", s)
		}
	})
}

// FuzzAuthenticate runs the whole validation (parse, scope, lookup, HMAC) on
// arbitrary tokens and SASL usernames: refusals are AuthErrors that never echo
// the signature.
func FuzzAuthenticate(f *testing.F) {
	h, err := New(Config{}, Options{HostName: "h", Clock: NewFakeClock(epoch)})
	if err != nil {
		f.Fatal(err)
	}
	defer h.Close()
	d, err := h.CreateDevice(DeviceSpec{DeviceID: "dev1"})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := SignToken("h%2Fdevices%2Fdev1", "", d.PrimaryKey, epoch.Add(time.Hour))
	f.Add(good, "dev1@sas.h")
	f.Add("SharedAccessSignature sr=amqps://h:5671/devices/%2564ev1&sig=AAAA&se=1740834000", "x@sas.root.h")
	f.Add("SharedAccessSignature sr=h&sig=AAAA&se=1740834000&skn=%ZZ", "@sas.")
	f.Fuzz(func(t *testing.T, token, user string) {
		for _, auth := range []func() (Identity, error){
			func() (Identity, error) { return h.Authenticate(token) },
			func() (Identity, error) { return h.AuthenticatePlain(user, token) },
		} {
			id, err := auth()
			if err == nil {
				if id.DeviceID != "dev1" && id.PolicyName == "" {
					t.Fatalf("authenticated as nobody: %+v", id)
				}
				continue
			}
			if CodeOf(err) != CodeIotHubUnauthorizedAccess {
				t.Fatalf("refusal is not unauthorized: %v", err)
			}
			if sig := sasField(token, "sig"); len(sig) > 8 && strings.Contains(err.Error(), sig) {
				t.Fatalf("error echoes the signature: %v", err)
			}
		}
	})
}

// FuzzParseDuration: durations from configuration files parse or are refused
// with the input named; what parses formats and parses back to itself.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"PT1H", "P2D", "PT0.1S", "P1DT2H30M", "P1W", "100ms", "PT1,5M", "P1Y", "PT", "1h30m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil || d < 0 || d > maxISODuration {
			return
		}
		back, err := ParseISO8601Duration(FormatISO8601Duration(d))
		if err != nil {
			t.Fatalf("%q → %v → %q does not parse: %v", s, d, FormatISO8601Duration(d), err)
		}
		if diff := back - d; diff > time.Microsecond || diff < -time.Microsecond {
			t.Fatalf("%q → %v → %q → %v", s, d, FormatISO8601Duration(d), back)
		}
	})
}
