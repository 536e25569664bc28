package core

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// sasPrefix starts every shared access signature token.
const sasPrefix = "SharedAccessSignature"

// SharedAccessSignature is a parsed SAS token (spec §1.2). Resource and
// ExpiryText are kept verbatim, because the signature covers them as written.
type SharedAccessSignature struct {
	// Resource is sr exactly as in the token (usually still URL-encoded).
	Resource string
	// Signature is sig, URL-decoded: base64 of the HMAC.
	Signature string
	// ExpiryText is se as written; Expiry is its value.
	ExpiryText string
	Expiry     time.Time
	// KeyName is skn, the policy name; empty for a device key.
	KeyName string
}

// ParseSharedAccessSignature parses "SharedAccessSignature sr=…&sig=…&se=…[&skn=…]"
// in any field order. Errors name the field, never its value.
func ParseSharedAccessSignature(token string) (SharedAccessSignature, error) {
	fields := strings.Fields(token)
	if len(fields) != 2 || fields[0] != sasPrefix {
		return SharedAccessSignature{}, errors.New(`SAS token: want "SharedAccessSignature sr=…&sig=…&se=…"`)
	}
	values, err := sasFields(fields[1])
	if err != nil {
		return SharedAccessSignature{}, err
	}
	return sasFromFields(values)
}

// sasFields splits the key=value list; duplicates are refused, unknown keys kept
// and ignored by the caller.
func sasFields(s string) (map[string]string, error) {
	values := map[string]string{}
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if _, dup := values[k]; dup {
			return nil, fmt.Errorf("SAS token: field %q appears twice", k)
		}
		values[k] = v
	}
	return values, nil
}

func sasFromFields(values map[string]string) (SharedAccessSignature, error) {
	for _, k := range []string{"sr", "sig", "se"} {
		if values[k] == "" {
			return SharedAccessSignature{}, fmt.Errorf("SAS token: missing %s", k)
		}
	}
	sig, err := url.PathUnescape(values["sig"])
	if err != nil {
		return SharedAccessSignature{}, errors.New("SAS token: sig is not URL-encoded correctly")
	}
	se, err := strconv.ParseInt(values["se"], 10, 64)
	if err != nil || se < 0 {
		return SharedAccessSignature{}, errors.New("SAS token: se is not a number of seconds since 1970")
	}
	skn, err := url.QueryUnescape(values["skn"])
	if err != nil {
		return SharedAccessSignature{}, errors.New("SAS token: skn is not URL-encoded correctly")
	}
	return SharedAccessSignature{
		Resource:   values["sr"],
		Signature:  sig,
		ExpiryText: values["se"],
		Expiry:     time.Unix(se, 0),
		KeyName:    skn,
	}, nil
}

// signature computes base64(HMAC-SHA256(key, resource + "\n" + expiry)).
func signature(key []byte, resource, expiry string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(resource))
	m.Write([]byte{'\n'})
	m.Write([]byte(expiry))
	return m.Sum(nil)
}

// SignToken makes a SAS token for resource (used verbatim as sr, so encode it
// as the SDK you imitate would), signed with the base64 key, valid until
// expiry. keyName is the policy name, or empty for a device key.
func SignToken(resource, keyName, key string, expiry time.Time) (string, error) {
	k, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		return "", errors.New("sign SAS token: the key is not valid base64")
	}
	se := strconv.FormatInt(expiry.Unix(), 10)
	sig := base64.StdEncoding.EncodeToString(signature(k, resource, se))
	token := sasPrefix + " sr=" + resource + "&sig=" + url.QueryEscape(sig) + "&se=" + se
	if keyName != "" {
		token += "&skn=" + url.QueryEscape(keyName)
	}
	return token, nil
}

// verify reports whether the token is signed by one of keys. Besides the
// verbatim sr it tries the decoded sr and canonical re-encodings (spec §1.2
// step 3: cheap leniency for SDKs that encode differently).
func (t SharedAccessSignature) verify(keys [][]byte) bool {
	got, err := decodeSignature(t.Signature)
	if err != nil {
		return false
	}
	if signedBy(got, keys, t.Resource, t.ExpiryText) {
		return true
	}
	for _, r := range resourceSpellings(t.Resource)[1:] {
		if signedBy(got, keys, r, t.ExpiryText) {
			return true
		}
	}
	return false
}

func signedBy(sig []byte, keys [][]byte, resource, expiry string) bool {
	for _, k := range keys {
		if hmac.Equal(sig, signature(k, resource, expiry)) {
			return true
		}
	}
	return false
}

func decodeSignature(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// resourceSpellings lists sr as written, decoded, and re-encoded with upper- and
// lower-case hex, without repeats.
func resourceSpellings(sr string) []string {
	out := []string{sr}
	decoded, err := url.PathUnescape(sr)
	if err != nil {
		return out
	}
	upper := strings.ReplaceAll(url.QueryEscape(decoded), "+", "%20")
	for _, s := range []string{decoded, upper, lowerHex(upper)} {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// lowerHex rewrites every %XX escape with lower-case hex digits.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = lowerASCII(b[i+1])
			b[i+2] = lowerASCII(b[i+2])
		}
	}
	return string(b)
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
