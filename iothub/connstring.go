package iothub

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrBadConnectionString is the kind of every connection string parse error;
// the *ParseError says which key is missing or bad.
var ErrBadConnectionString = errors.New("bad connection string")

// ParseError names the key of a connection string, or the field of a SAS
// token, that is missing, unknown, repeated or bad, and why. It never
// contains a secret.
type ParseError struct {
	Input  string // "connection string" or "SAS token"
	Key    string
	Reason string
	kind   error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("iothub: %s: %s: %s", e.Input, e.Key, e.Reason)
}

// Unwrap makes errors.Is(err, ErrBadConnectionString) (or ErrBadSASToken) true.
func (e *ParseError) Unwrap() error { return e.kind }

// csError is a connection string's ParseError.
func csError(key, reason string) *ParseError {
	return &ParseError{Input: "connection string", Key: key, Reason: reason, kind: ErrBadConnectionString}
}

// The connection string keys (spec §1.1). Keys are case-sensitive.
const (
	keyHostName              = "HostName"
	keySharedAccessKeyName   = "SharedAccessKeyName"
	keySharedAccessKey       = "SharedAccessKey"
	keySharedAccessSignature = "SharedAccessSignature"
	keyDeviceID              = "DeviceId"
	keyModuleID              = "ModuleId"
	keyGatewayHostName       = "GatewayHostName"
	keyX509                  = "x509"
)

// keyOrder is the order String and Secret print keys in.
var keyOrder = []string{keyHostName, keyDeviceID, keyModuleID, keySharedAccessKeyName,
	keySharedAccessKey, keySharedAccessSignature, keyX509, keyGatewayHostName}

// ConnectionString is a parsed IoT Hub connection string: a service (hub
// policy) string, or a device string with a key, a SAS token or x509=true.
// String masks the secrets; Secret gives the string back whole.
type ConnectionString struct {
	HostName              string // the hub's host name, maybe with a port
	SharedAccessKeyName   string // the hub policy, e.g. iothubowner, service, device
	SharedAccessKey       string // base64 key of the policy or the device
	SharedAccessSignature string // a ready SAS token instead of a key
	DeviceID              string
	ModuleID              string
	GatewayHostName       string // device transports dial this instead of HostName
	X509                  bool   // the device authenticates with a certificate
}

// ParseConnectionString parses s: `;`-separated `Key=Value` pairs, each split
// at its first `=` (values keep base64 padding); empty values are dropped as
// the official SDKs do. It fails on a missing, unknown, repeated or bad key.
func ParseConnectionString(s string) (ConnectionString, error) {
	fields, err := splitConnectionString(s)
	if err != nil {
		return ConnectionString{}, err
	}
	cs, err := fromFields(fields)
	if err != nil {
		return ConnectionString{}, err
	}
	return cs, cs.validate()
}

func splitConnectionString(s string) (map[string]string, error) {
	fields := map[string]string{}
	for part := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, value, ok := strings.Cut(part, "=")
		if !ok || key == "" {
			return nil, csError(quoteKey(ok), "expected Key=Value")
		}
		if !knownKey(key) {
			return nil, csError(describeKey(key), "unknown key (keys are case-sensitive: "+strings.Join(keyOrder, ", ")+")")
		}
		if _, seen := fields[key]; seen {
			return nil, csError(key, "given more than once")
		}
		if value != "" {
			fields[key] = value
		}
	}
	return fields, nil
}

// quoteKey names a malformed element without echoing it whole: it may be a
// secret that lost its key.
func quoteKey(hadEquals bool) string {
	if hadEquals {
		return "(empty key)"
	}
	return "element without '='"
}

func knownKey(key string) bool {
	for _, k := range keyOrder {
		if k == key {
			return true
		}
	}
	return false
}

// describeKey names an unknown key if it looks like a key name (letters
// only, short): a fragment of a secret that lost its own key must not be
// echoed. A known key in the wrong case gets a hint.
func describeKey(key string) string {
	for _, k := range keyOrder {
		if strings.EqualFold(k, key) {
			return key + " (did you mean " + k + "?)"
		}
	}
	if len(key) > 24 {
		return "(an unknown key)"
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "(an unknown key)"
		}
	}
	return key
}

func fromFields(f map[string]string) (ConnectionString, error) {
	var cs ConnectionString
	targets := map[string]*string{
		keyHostName: &cs.HostName, keySharedAccessKeyName: &cs.SharedAccessKeyName,
		keySharedAccessKey: &cs.SharedAccessKey, keySharedAccessSignature: &cs.SharedAccessSignature,
		keyDeviceID: &cs.DeviceID, keyModuleID: &cs.ModuleID, keyGatewayHostName: &cs.GatewayHostName,
	}
	for key, value := range f {
		if key == keyX509 {
			if !strings.EqualFold(value, "true") {
				return cs, csError(key, "must be true when given")
			}
			cs.X509 = true
			continue
		}
		*targets[key] = value
	}
	return cs, nil
}

func (cs ConnectionString) validate() error {
	if cs.HostName == "" {
		return csError(keyHostName, "missing")
	}
	if strings.ContainsAny(cs.HostName, "/ ") {
		return csError(keyHostName, "must be a host name, with an optional :port")
	}
	if cs.SharedAccessKey != "" {
		if _, err := base64.StdEncoding.DecodeString(cs.SharedAccessKey); err != nil {
			return csError(keySharedAccessKey, "not valid base64")
		}
	}
	if cs.IsDevice() {
		return cs.validateDevice()
	}
	return cs.validateService()
}

func (cs ConnectionString) validateService() error {
	if cs.ModuleID != "" {
		return csError(keyDeviceID, "missing (a ModuleId needs its DeviceId)")
	}
	if cs.GatewayHostName != "" || cs.X509 {
		return csError(keyDeviceID, "missing (GatewayHostName and x509 are for device strings)")
	}
	if cs.SharedAccessKeyName == "" {
		return csError(keySharedAccessKeyName, "missing (a service string names a hub policy; a device string needs DeviceId)")
	}
	return cs.exactlyOneCredential()
}

func (cs ConnectionString) validateDevice() error {
	return cs.exactlyOneCredential()
}

func (cs ConnectionString) exactlyOneCredential() error {
	n := 0
	for _, set := range []bool{cs.SharedAccessKey != "", cs.SharedAccessSignature != "", cs.X509} {
		if set {
			n++
		}
	}
	switch {
	case n == 0 && cs.IsDevice():
		return csError(keySharedAccessKey, "missing (give SharedAccessKey, SharedAccessSignature or x509=true)")
	case n == 0:
		return csError(keySharedAccessKey, "missing (give SharedAccessKey or SharedAccessSignature)")
	case n > 1:
		return csError(keySharedAccessKey, "give only one of SharedAccessKey, SharedAccessSignature and x509=true")
	}
	if cs.X509 && !cs.IsDevice() {
		return csError(keyX509, "only a device string can use x509")
	}
	return nil
}

// IsDevice reports whether cs names a device (it has a DeviceId).
func (cs ConnectionString) IsDevice() bool { return cs.DeviceID != "" }

// String prints cs with its key and token masked, safe for logs and reports.
func (cs ConnectionString) String() string { return cs.format(true) }

// GoString masks the secrets too, so %#v is as safe as %v.
func (cs ConnectionString) GoString() string {
	return "iothub.ConnectionString(" + cs.format(true) + ")"
}

// Secret prints cs whole, secrets included: for handing to another client,
// never for logs.
func (cs ConnectionString) Secret() string { return cs.format(false) }

func (cs ConnectionString) format(mask bool) string {
	values := map[string]string{
		keyHostName: cs.HostName, keyDeviceID: cs.DeviceID, keyModuleID: cs.ModuleID,
		keySharedAccessKeyName: cs.SharedAccessKeyName, keySharedAccessKey: cs.SharedAccessKey,
		keySharedAccessSignature: cs.SharedAccessSignature, keyGatewayHostName: cs.GatewayHostName,
	}
	if cs.X509 {
		values[keyX509] = "true"
	}
	parts := make([]string, 0, len(keyOrder))
	for _, key := range keyOrder {
		v := values[key]
		if v == "" {
			continue
		}
		if mask && (key == keySharedAccessKey || key == keySharedAccessSignature) {
			v = masked
		}
		parts = append(parts, key+"="+v)
	}
	return strings.Join(parts, ";")
}

// masked stands in for a secret in printed output.
const masked = "****"
