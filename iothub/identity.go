package iothub

import (
	"time"
)

// identity is one set of credentials a connection carries on its $cbs node:
// the hub policy's (service) or a device's. A key-based identity makes a new
// token for each put; a token-based one puts the token it was given.
type identity struct {
	deviceID string // "" for the service
	audience string // the CBS name
	resource string // the token's sr
	keyName  string
	key      string    // base64; "" when fixed is used
	fixed    *SASToken // a ready token from the connection string

	// Guarded by the owning connection's mu.
	expiry   time.Time // of the token last put
	failures int       // renewals failed in a row
	retryAt  time.Time // after a failed renewal, when to try again
}

// serviceIdentity is a service connection string's hub policy credentials;
// who names the client, for the error when cs is a device's.
func serviceIdentity(cs ConnectionString, who string) (*identity, error) {
	if err := cs.validate(); err != nil {
		return nil, err
	}
	if cs.IsDevice() {
		return nil, csError(keyDeviceID, "given: "+who+" needs a service (hub policy) connection string")
	}
	id := &identity{audience: cs.HostName, resource: HubScope(cs.HostName), keyName: cs.SharedAccessKeyName, key: cs.SharedAccessKey}
	return id, id.useFixed(cs.SharedAccessSignature)
}

// deviceIdentity is a device connection string's credentials.
func deviceIdentity(cs ConnectionString) (*identity, error) {
	resource := DeviceScope(cs.HostName, cs.DeviceID, cs.ModuleID)
	id := &identity{deviceID: cs.DeviceID, audience: resource, resource: resource, keyName: cs.SharedAccessKeyName, key: cs.SharedAccessKey}
	return id, id.useFixed(cs.SharedAccessSignature)
}

func (id *identity) useFixed(token string) error {
	if token == "" {
		return nil
	}
	t, err := ParseSASToken(token)
	if err != nil {
		return err
	}
	id.fixed, id.audience = &t, t.Resource
	return nil
}

// token returns the token to put now: the fixed one, or a new one valid for
// lifetime. A fixed token past its expiry is ErrTokenExpired.
func (id *identity) token(now time.Time, lifetime time.Duration) (SASToken, error) {
	if id.fixed != nil {
		if id.fixed.Expired(now) {
			return SASToken{}, &Error{Op: "put-token", DeviceID: id.deviceID, Kind: ErrTokenExpired,
				Description: "the connection string's SharedAccessSignature expired at " + id.fixed.Expiry.UTC().Format(time.RFC3339)}
		}
		return *id.fixed, nil
	}
	return NewSASToken(id.resource, id.keyName, id.key, now.Add(lifetime))
}

// renewAt is when the identity's token should be renewed; false when it
// cannot be (a fixed token).
func (id *identity) renewAt(margin time.Duration) (time.Time, bool) {
	if id.fixed != nil || id.expiry.IsZero() {
		return time.Time{}, false
	}
	at := id.expiry.Add(-margin)
	if id.retryAt.After(at) {
		at = id.retryAt
	}
	return at, true
}

// nextRenewal is the earliest renewal time among ids; false if none is due ever.
func nextRenewal(ids []*identity, margin time.Duration) (time.Time, bool) {
	var next time.Time
	found := false
	for _, id := range ids {
		if at, ok := id.renewAt(margin); ok && (!found || at.Before(next)) {
			next, found = at, true
		}
	}
	return next, found
}

// dueForRenewal returns the ids whose renewal time is at or before now.
func dueForRenewal(ids []*identity, now time.Time, margin time.Duration) []*identity {
	var due []*identity
	for _, id := range ids {
		if at, ok := id.renewAt(margin); ok && !at.After(now) {
			due = append(due, id)
		}
	}
	return due
}
