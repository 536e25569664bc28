package iothub

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ErrBadConnectionString is the kind of every connection string parse error;
// the *ConnectionStringError says which key is missing or bad.
var ErrBadConnectionString = errors.New("bad connection string")

// ConnectionStringError names the key of a connection string that is missing,
// unknown, repeated or bad, and why. It never contains the string's secrets.
type ConnectionStringError struct {
	Key    string
	Reason string
}

func (e *ConnectionStringError) Error() string {
	return fmt.Sprintf("iothub: connection string: %s: %s", e.Key, e.Reason)
}

// Unwrap makes errors.Is(err, ErrBadConnectionString) true.
func (e *ConnectionStringError) Unwrap() error { return ErrBadConnectionString }

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
			return nil, &ConnectionStringError{Key: quoteKey(ok), Reason: "expected Key=Value"}
		}
		if _, seen := fields[key]; seen {
			return nil, &ConnectionStringError{Key: key, Reason: "given more than once"}
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
				return cs, &ConnectionStringError{Key: key, Reason: "must be true when given"}
			}
			cs.X509 = true
			continue
		}
		target, ok := targets[key]
		if !ok {
			return cs, &ConnectionStringError{Key: key, Reason: "unknown key (keys are case-sensitive: " + strings.Join(keyOrder, ", ") + ")"}
		}
		*target = value
	}
	return cs, nil
}

func (cs ConnectionString) validate() error {
	if cs.HostName == "" {
		return &ConnectionStringError{Key: keyHostName, Reason: "missing"}
	}
	if strings.ContainsAny(cs.HostName, "/ ") {
		return &ConnectionStringError{Key: keyHostName, Reason: "must be a host name, with an optional :port"}
	}
	if cs.SharedAccessKey != "" {
		if _, err := base64.StdEncoding.DecodeString(cs.SharedAccessKey); err != nil {
			return &ConnectionStringError{Key: keySharedAccessKey, Reason: "not valid base64"}
		}
	}
	if cs.IsDevice() {
		return cs.validateDevice()
	}
	return cs.validateService()
}

func (cs ConnectionString) validateService() error {
	if cs.ModuleID != "" {
		return &ConnectionStringError{Key: keyDeviceID, Reason: "missing (a ModuleId needs its DeviceId)"}
	}
	if cs.GatewayHostName != "" || cs.X509 {
		return &ConnectionStringError{Key: keyDeviceID, Reason: "missing (GatewayHostName and x509 are for device strings)"}
	}
	if cs.SharedAccessKeyName == "" {
		return &ConnectionStringError{Key: keySharedAccessKeyName, Reason: "missing (a service string names a hub policy; a device string needs DeviceId)"}
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
		return &ConnectionStringError{Key: keySharedAccessKey, Reason: "missing (give SharedAccessKey, SharedAccessSignature or x509=true)"}
	case n == 0:
		return &ConnectionStringError{Key: keySharedAccessKey, Reason: "missing (give SharedAccessKey or SharedAccessSignature)"}
	case n > 1:
		return &ConnectionStringError{Key: keySharedAccessKey, Reason: "give only one of SharedAccessKey, SharedAccessSignature and x509=true"}
	}
	if cs.X509 && !cs.IsDevice() {
		return &ConnectionStringError{Key: keyX509, Reason: "only a device string can use x509"}
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
