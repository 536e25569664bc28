package iothub

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrBadSASToken is the kind of every SAS token parse error.
var ErrBadSASToken = errors.New("bad SAS token")

// sasError is a SAS token's ParseError.
func sasError(field, reason string) *ParseError {
	return &ParseError{Input: "SAS token", Key: field, Reason: reason, kind: ErrBadSASToken}
}

// sasPrefix starts every SAS token, with exactly one space.
const sasPrefix = "SharedAccessSignature "

// SASToken is a shared access signature (spec §1.2):
//
//	SharedAccessSignature sr=<resource>&sig=<signature>&se=<expiry>[&skn=<policy>]
//
// The signature is HMAC-SHA256, keyed with the base64-decoded key, over the
// resource exactly as it appears in the token, a newline, and the expiry in
// decimal Unix seconds. String masks the signature; Token gives the wire form.
type SASToken struct {
	Resource string    // sr, verbatim (URL-encoded for a device scope)
	KeyName  string    // skn: the hub policy; empty for a device's own key
	Expiry   time.Time // se, whole seconds
	sig      string    // base64 signature, not URL-encoded
}

// NewSASToken signs resource with key (base64) until expiry. keyName is the
// hub policy name for a policy key and empty for a device key.
func NewSASToken(resource, keyName, key string, expiry time.Time) (SASToken, error) {
	sig, err := sign(resource, key, expiry.Unix())
	if err != nil {
		return SASToken{}, err
	}
	return SASToken{Resource: resource, KeyName: keyName, Expiry: time.Unix(expiry.Unix(), 0), sig: sig}, nil
}

func sign(resource, key string, expiry int64) (string, error) {
	k, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		return "", sasError("key", "the shared access key is not valid base64")
	}
	mac := hmac.New(sha256.New, k)
	mac.Write([]byte(resource + "\n" + strconv.FormatInt(expiry, 10)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// HubScope is the resource a hub policy token signs: the host name as it is,
// port included, not encoded (as the Node and Python service SDKs sign it).
func HubScope(hostName string) string { return hostName }

// DeviceScope is the resource a device token signs: host/devices/id, with
// /modules/id for a module, URL-encoded strictly (as the Node device SDK does,
// so "localhost:15671/devices/d1" becomes "localhost%3A15671%2Fdevices%2Fd1").
func DeviceScope(hostName, deviceID, moduleID string) string {
	path := hostName + "/devices/" + deviceID
	if moduleID != "" {
		path += "/modules/" + moduleID
	}
	return encodeURIComponentStrict(path)
}

// encodeURIComponentStrict escapes every byte but A-Z a-z 0-9 - _ . ~ as %XX
// with upper-case hex.
func encodeURIComponentStrict(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// Token is the token's wire form. It is a secret: never log it.
func (t SASToken) Token() string { return t.format(encodeURIComponentStrict(t.sig)) }

// String is the token with its signature masked, safe for logs.
func (t SASToken) String() string { return t.format(masked) }

// GoString masks the signature too.
func (t SASToken) GoString() string { return "iothub.SASToken(" + t.String() + ")" }

func (t SASToken) format(sig string) string {
	s := sasPrefix + "sr=" + t.Resource + "&sig=" + sig
	if t.KeyName != "" {
		s += "&skn=" + encodeURIComponentStrict(t.KeyName)
	}
	return s + "&se=" + strconv.FormatInt(t.Expiry.Unix(), 10)
}

// Expired reports whether the token's expiry is at or before now.
func (t SASToken) Expired(now time.Time) bool { return !t.Expiry.After(now) }

// Verify checks the signature with key (base64): nil, or an *Error of kind
// ErrUnauthorized. It does not check the expiry; see Expired.
func (t SASToken) Verify(key string) error {
	want, err := sign(t.Resource, key, t.Expiry.Unix())
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(want), []byte(t.sig)) {
		return &Error{Op: "verify SAS token", Kind: ErrUnauthorized, Description: "the signature does not match the key"}
	}
	return nil
}

// ParseSASToken parses a token's wire form. Fields may come in any order;
// sr, sig and se are required.
func ParseSASToken(s string) (SASToken, error) {
	rest, ok := strings.CutPrefix(s, sasPrefix)
	if !ok {
		return SASToken{}, sasError("prefix", `must start with "SharedAccessSignature " (one space)`)
	}
	fields, err := splitSASFields(rest)
	if err != nil {
		return SASToken{}, err
	}
	return fromSASFields(fields)
}

func splitSASFields(s string) (map[string]string, error) {
	fields := map[string]string{}
	for part := range strings.SplitSeq(s, "&") {
		key, value, ok := strings.Cut(part, "=")
		if !ok || key == "" {
			return nil, sasError("fields", "expected key=value pairs separated by &")
		}
		switch key {
		case "sr", "sig", "se", "skn":
		default:
			return nil, sasError("fields", "unknown field "+describeKey(key)+" (known: sr, sig, se, skn)")
		}
		if _, seen := fields[key]; seen {
			return nil, sasError(key, "given more than once")
		}
		fields[key] = value
	}
	return fields, nil
}

func fromSASFields(f map[string]string) (SASToken, error) {
	for _, key := range []string{"sr", "sig", "se"} {
		if f[key] == "" {
			return SASToken{}, sasError(key, "missing")
		}
	}
	se, err := strconv.ParseInt(f["se"], 10, 64)
	if err != nil || se < 0 {
		return SASToken{}, sasError("se", "must be the expiry in decimal Unix seconds")
	}
	sig, err := url.PathUnescape(f["sig"])
	if err != nil {
		return SASToken{}, sasError("sig", "bad percent-encoding")
	}
	skn, err := url.PathUnescape(f["skn"])
	if err != nil {
		return SASToken{}, sasError("skn", "bad percent-encoding")
	}
	return SASToken{Resource: f["sr"], KeyName: skn, Expiry: time.Unix(se, 0), sig: sig}, nil
}

// clip shortens s to at most n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
