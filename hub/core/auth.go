package core

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// AuthReason says why a token was refused.
type AuthReason string

// The reasons for refusing a token or an operation.
const (
	AuthMalformed      AuthReason = "malformed"
	AuthExpired        AuthReason = "expired"
	AuthUnknownPolicy  AuthReason = "unknown-policy"
	AuthUnknownDevice  AuthReason = "unknown-device"
	AuthDeviceDisabled AuthReason = "device-disabled"
	AuthBadSignature   AuthReason = "bad-signature"
	AuthWrongScope     AuthReason = "wrong-scope"
	AuthForbidden      AuthReason = "forbidden"
)

// AuthError is a refused token or operation. It never contains the token, its
// signature or a key. errors.Is(err, ErrUnauthorized) holds for it.
type AuthError struct {
	Reason AuthReason
	Detail string
}

// Error describes the refusal.
func (e *AuthError) Error() string { return "unauthorized (" + string(e.Reason) + "): " + e.Detail }

// Unwrap makes AuthError match ErrUnauthorized.
func (e *AuthError) Unwrap() error { return ErrUnauthorized }

func authErrorf(reason AuthReason, format string, args ...any) error {
	return &AuthError{Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// Identity is who a valid token speaks for: a shared access policy (with its
// rights) or a device, limited to the token's resource scope until it expires.
type Identity struct {
	// PolicyName is the skn of a policy token; empty for a device token.
	PolicyName string
	// Rights are the policy's permissions (zero for a device token).
	Rights Rights
	// DeviceID is the device a device-key token speaks for.
	DeviceID string
	// Resource is the token's scope: the decoded sr without scheme, e.g.
	// "myhub.azure-devices.net/devices/dev1".
	Resource string
	// ExpiresAt is the token's se.
	ExpiresAt time.Time

	scope []string
}

// String names the identity for logs, without secrets.
func (id Identity) String() string {
	if id.PolicyName != "" {
		return "policy " + id.PolicyName
	}
	return "device " + id.DeviceID
}

// resource is a decoded sr: host without port and the path segments.
type resource struct {
	host     string
	segments []string
}

func parseResource(sr string) (resource, error) {
	decoded, err := url.PathUnescape(sr)
	if err != nil {
		return resource{}, authErrorf(AuthMalformed, "sr is not URL-encoded correctly")
	}
	if _, after, ok := strings.Cut(decoded, "://"); ok {
		decoded = after
	}
	parts := strings.Split(decoded, "/")
	r := resource{host: stripPort(parts[0])}
	for _, p := range parts[1:] {
		if p != "" {
			r.segments = append(r.segments, p)
		}
	}
	return r, nil
}

func stripPort(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return strings.ToLower(h)
	}
	return strings.ToLower(strings.Trim(hostport, "[]"))
}

// Authenticate validates a SAS token (spec §1.2) and returns who it speaks for:
// the key comes from skn (a policy) or, without skn, from the device named in
// sr. The CBS audience or any other claim of the caller is never consulted.
func (h *Hub) Authenticate(token string) (Identity, error) {
	sas, err := ParseSharedAccessSignature(token)
	if err != nil {
		return Identity{}, &AuthError{Reason: AuthMalformed, Detail: err.Error()}
	}
	if now := h.clock.Now(); sas.Expiry.Before(now.Truncate(time.Second)) {
		return Identity{}, authErrorf(AuthExpired, "token expired at %s", sas.Expiry.UTC().Format(time.RFC3339))
	}
	res, err := parseResource(sas.Resource)
	if err != nil {
		return Identity{}, err
	}
	if !h.isHostName(res.host) {
		return Identity{}, authErrorf(AuthWrongScope, "token is for host %q, not this hub (%s)", res.host, h.hostName)
	}
	id, keys, err := h.keysFor(sas.KeyName, res)
	if err != nil {
		return Identity{}, err
	}
	if !sas.verify(keys) {
		return Identity{}, authErrorf(AuthBadSignature, "signature does not match the keys of %s", id)
	}
	id.Resource = res.host + "/" + strings.Join(res.segments, "/")
	id.ExpiresAt = sas.Expiry
	id.scope = res.segments
	return id, nil
}

// keysFor finds the identity a token claims and the keys that may sign it.
func (h *Hub) keysFor(keyName string, res resource) (Identity, [][]byte, error) {
	if keyName != "" {
		p, ok := h.policies[keyName]
		if !ok {
			return Identity{}, nil, authErrorf(AuthUnknownPolicy, "no shared access policy named %q", keyName)
		}
		return Identity{PolicyName: p.KeyName, Rights: p.Rights}, p.keys, nil
	}
	if len(res.segments) < 2 || !strings.EqualFold(res.segments[0], "devices") {
		return Identity{}, nil, authErrorf(AuthWrongScope, "a token without skn must be scoped to a device (host/devices/{deviceId})")
	}
	return h.deviceKeys(res.segments[1])
}

// deviceKeys looks the device up by its sr segment, also decoded once more for
// SDKs (.NET) that encode the id inside an encoded sr.
func (h *Hub) deviceKeys(segment string) (Identity, [][]byte, error) {
	candidates := []string{segment}
	if d, err := url.QueryUnescape(segment); err == nil && d != segment {
		candidates = append(candidates, d)
	}
	for _, deviceID := range candidates {
		keys, enabled, ok := h.registry.keys(deviceID)
		if !ok {
			continue
		}
		if !enabled {
			return Identity{}, nil, authErrorf(AuthDeviceDisabled, "device %q is disabled", deviceID)
		}
		return Identity{DeviceID: deviceID}, keys, nil
	}
	return Identity{}, nil, authErrorf(AuthUnknownDevice, "device %q is not registered", segment)
}

func (h *Hub) isHostName(host string) bool {
	for _, n := range h.hostNames {
		if n == host {
			return true
		}
	}
	return false
}

// AuthenticatePlain validates SASL PLAIN credentials: the username
// "{policy}@sas.root.{hub}" or "{deviceId}@sas.{hub}" and a SAS token as
// password. The token must speak for the named policy or device.
func (h *Hub) AuthenticatePlain(username, password string) (Identity, error) {
	id, err := h.Authenticate(password)
	if err != nil {
		return Identity{}, err
	}
	if name, hub, ok := cutLast(username, "@sas.root."); ok {
		if !h.isHubName(hub) || !strings.EqualFold(id.PolicyName, name) {
			return Identity{}, authErrorf(AuthWrongScope, "the token is not for policy %q of hub %q", name, hub)
		}
		return id, nil
	}
	if deviceID, hub, ok := cutLast(username, "@sas."); ok {
		if !h.isHubName(hub) || id.DeviceID != "" && id.DeviceID != deviceID {
			return Identity{}, authErrorf(AuthWrongScope, "the token is not for device %q of hub %q", deviceID, hub)
		}
		return id, nil
	}
	return Identity{}, authErrorf(AuthMalformed, `SASL PLAIN username: want "{policy}@sas.root.{hub}" or "{deviceId}@sas.{hub}"`)
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+len(sep):], true
}

func (h *Hub) isHubName(name string) bool {
	return strings.EqualFold(name, h.hubName) || h.isHostName(strings.ToLower(name))
}
