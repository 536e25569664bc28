package iothub

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// independentSig computes the documented signature with nothing but
// crypto/hmac: base64(HMAC-SHA256(base64decode(key), sr + "\n" + se)).
func independentSig(t *testing.T, sr string, se int64) string {
	t.Helper()
	k, err := base64.StdEncoding.DecodeString(testKey)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, k)
	fmt.Fprintf(mac, "%s\n%d", sr, se)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func TestSASTokensMatchTheDocumentedSigningRule(t *testing.T) {
	const se = 1893456000
	tests := []struct {
		name, sr, skn string
		// nodeToken is what azure-iot-common 1.13.3's SharedAccessSignature.create
		// printed for the same inputs (test/node).
		nodeToken string
	}{
		{"device scope", DeviceScope("myhub.azure-devices.net", "dev1", ""), "",
			"SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=QOX2Gl4JSBltoQXyh%2B8aWPeC7y1uKsQZUyITjhuU%2BUY%3D&se=1893456000"},
		{"device scope with a port and a space", DeviceScope("localhost:15671", "dev 1", ""), "",
			"SharedAccessSignature sr=localhost%3A15671%2Fdevices%2Fdev%201&sig=0oRFlgcKn1IfRla7oqCNWMJndXuAe7OFqz76LinMehI%3D&se=1893456000"},
		{"hub scope", HubScope("myhub.azure-devices.net"), "iothubowner",
			"SharedAccessSignature sr=myhub.azure-devices.net&sig=wkaLE4wLdIoM2hMrB%2B%2FqjUgnpJwLHV4CRsmxvOEtXHY%3D&skn=iothubowner&se=1893456000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := NewSASToken(tt.sr, tt.skn, testKey, time.Unix(se, 0))
			if err != nil {
				t.Fatal(err)
			}
			want := "SharedAccessSignature sr=" + tt.sr + "&sig=" + url.QueryEscape(independentSig(t, tt.sr, se))
			if tt.skn != "" {
				want += "&skn=" + tt.skn
			}
			want += "&se=1893456000"
			if tok.Token() != want {
				t.Errorf("token\n got %s\nwant %s", tok.Token(), want)
			}
			if tok.Token() != tt.nodeToken {
				t.Errorf("token differs from the Node SDK's\n got %s\nnode %s", tok.Token(), tt.nodeToken)
			}
			if err := tok.Verify(testKey); err != nil {
				t.Errorf("Verify with the signing key: %v", err)
			}
		})
	}
}

func TestDeviceScopeEncodesStrictly(t *testing.T) {
	tests := map[string]string{
		DeviceScope("myhub.azure-devices.net", "dev1", ""): "myhub.azure-devices.net%2Fdevices%2Fdev1",
		DeviceScope("localhost:15671", "dev1", ""):         "localhost%3A15671%2Fdevices%2Fdev1",
		DeviceScope("h", "d!'()*~", ""):                    "h%2Fdevices%2Fd%21%27%28%29%2A~",
		DeviceScope("h", "dev1", "mod1"):                   "h%2Fdevices%2Fdev1%2Fmodules%2Fmod1",
		DeviceScope("h", "ü", ""):                          "h%2Fdevices%2F%C3%BC",
	}
	for got, want := range tests {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

func TestParseSASTokenAnyOrder(t *testing.T) {
	sig := url.QueryEscape(independentSig(t, "myhub.azure-devices.net", 1893456000))
	for _, s := range []string{
		"SharedAccessSignature sr=myhub.azure-devices.net&sig=" + sig + "&skn=iothubowner&se=1893456000",
		"SharedAccessSignature sig=" + sig + "&se=1893456000&skn=iothubowner&sr=myhub.azure-devices.net",
	} {
		tok, err := ParseSASToken(s)
		if err != nil {
			t.Fatal(err)
		}
		if tok.Resource != "myhub.azure-devices.net" || tok.KeyName != "iothubowner" || tok.Expiry.Unix() != 1893456000 {
			t.Fatalf("parsed %#v", tok)
		}
		if err := tok.Verify(testKey); err != nil {
			t.Fatalf("a token signed with the key does not verify: %v", err)
		}
		if err := tok.Verify(base64.StdEncoding.EncodeToString([]byte("another key entirely!!"))); !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("Verify with another key = %v, want ErrUnauthorized", err)
		}
	}
}

func TestSASTokenTamperingFailsVerify(t *testing.T) {
	tok, _ := NewSASToken("h%2Fdevices%2Fd", "", testKey, time.Unix(2000000000, 0))
	for _, tampered := range []string{
		strings.Replace(tok.Token(), "se=2000000000", "se=2000000001", 1),
		strings.Replace(tok.Token(), "sr=h%2Fdevices%2Fd", "sr=h%2Fdevices%2Fe", 1),
	} {
		parsed, err := ParseSASToken(tampered)
		if err != nil {
			t.Fatal(err)
		}
		if err := parsed.Verify(testKey); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("tampered token verifies: %v", err)
		}
	}
}

func TestSASTokenExpiry(t *testing.T) {
	tok, _ := NewSASToken("h", "p", testKey, time.Unix(1000, 0))
	if tok.Expired(time.Unix(999, 0)) || !tok.Expired(time.Unix(1000, 0)) || !tok.Expired(time.Unix(1001, 0)) {
		t.Fatal("Expired is wrong around se")
	}
}

func TestSASTokenPrintingMasksSignature(t *testing.T) {
	tok, _ := NewSASToken("h", "p", testKey, time.Unix(1000, 0))
	sig := url.QueryEscape(independentSig(t, "h", 1000))
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(format, tok); strings.Contains(out, sig) || !strings.Contains(out, "sig=****") {
			t.Errorf("%s prints %s", format, out)
		}
	}
}

func TestParseSASTokenErrorsNameTheField(t *testing.T) {
	tests := []struct{ in, field string }{
		{"sr=h&sig=x&se=1", "prefix"},
		{"SharedAccessSignature  sr=h&sig=x&se=1", "fields"},
		{"SharedAccessSignature sig=x&se=1", "sr"},
		{"SharedAccessSignature sr=h&se=1", "sig"},
		{"SharedAccessSignature sr=h&sig=x", "se"},
		{"SharedAccessSignature sr=h&sig=x&se=soon", "se"},
		{"SharedAccessSignature sr=h&sig=x&se=-5", "se"},
		{"SharedAccessSignature sr=h&sig=x&se=1&foo=bar", "fields"},
		{"SharedAccessSignature sr=h&sr=i&sig=x&se=1", "sr"},
		{"SharedAccessSignature sr=h&sig=%zz&se=1", "sig"},
		{"SharedAccessSignature sr=h&sig=x&se=1&", "fields"},
	}
	for _, tt := range tests {
		_, err := ParseSASToken(tt.in)
		var se *ParseError
		if !errors.As(err, &se) || se.Key != tt.field || !errors.Is(err, ErrBadSASToken) {
			t.Errorf("ParseSASToken(%q) = %v, want a ParseError on %s", tt.in, err, tt.field)
		}
	}
}

func TestNewSASTokenRefusesABadKey(t *testing.T) {
	if _, err := NewSASToken("h", "", "not base64!", time.Unix(1, 0)); !errors.Is(err, ErrBadSASToken) {
		t.Fatalf("err = %v", err)
	}
}
