package amqphead

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/amqpserver"
	"github.com/hubspec/hubspec/internal/amqpwire"
)

// A connection's authority is the set of core.Identity values it has proven:
// the one of its SASL PLAIN token, and one per identity it put a CBS token for
// (spec §2.4: auth state is per connection, not per session). A new token for
// the same identity replaces the old one (renewal); every link and every
// message is checked against the identities the connection holds at the time.

// sameSubject reports whether two identities speak for the same policy or
// device with the same scope, so that a new token for one renews the other.
func sameSubject(a, b core.Identity) bool {
	return a.PolicyName == b.PolicyName && a.DeviceID == b.DeviceID && strings.EqualFold(a.Resource, b.Resource)
}

// addIdentity records a proven identity on the connection, replacing an older
// token for the same subject and dropping tokens that have expired. The
// oldest identities go when the connection holds more than limit.
func addIdentity(c *amqpserver.Conn, id core.Identity, now time.Time, limit int) {
	c.RemoveIdentities(func(v amqpserver.Identity) bool {
		old, ok := v.(core.Identity)
		return !ok || sameSubject(old, id) || old.ExpiresAt.Before(now.Truncate(time.Second))
	})
	if extra := len(c.Identities()) + 1 - limit; extra > 0 {
		drop := extra
		c.RemoveIdentities(func(amqpserver.Identity) bool {
			drop--
			return drop >= 0
		})
	}
	c.AddIdentity(id)
}

// authorize reports whether any identity of the connection may perform op
// (on deviceID where op names a device). When none may, the error is the
// refusal of the most recent identity, or says that the connection has no
// token at all.
func authorize(h *core.Hub, c *amqpserver.Conn, op core.Operation, deviceID string) error {
	ids := c.Identities()
	var refusal error
	for i := len(ids) - 1; i >= 0; i-- {
		id, ok := ids[i].(core.Identity)
		if !ok {
			continue
		}
		err := h.Authorize(id, op, deviceID)
		if err == nil {
			return nil
		}
		if refusal == nil {
			refusal = err
		}
	}
	if refusal == nil {
		refusal = &core.AuthError{Reason: core.AuthForbidden, Detail: "no token on this connection allows to " + describe(op, deviceID) + " (put one on $cbs first)"}
	}
	return refusal
}

func describe(op core.Operation, deviceID string) string {
	if deviceID == "" {
		return op.String()
	}
	return op.String() + " of device " + deviceID
}

// unauthorized is the AMQP error for a refused link or message.
func unauthorized(err error) *amqpwire.Error {
	return newError(amqpwire.ConditionUnauthorizedAccess, err.Error())
}

// plainAuthenticator checks SASL PLAIN credentials: the username
// "{policy}@sas.root.{hub}" or "{deviceId}@sas.{hub}" and a SAS token as
// password. The whole connection is then authorized by that token.
func plainAuthenticator(h *core.Hub) amqpserver.PlainAuthenticator {
	return func(_ context.Context, _, authcid, password string) (amqpserver.Identity, error) {
		id, err := h.AuthenticatePlain(authcid, password)
		if err != nil {
			var ae *core.AuthError
			if errors.As(err, &ae) {
				return nil, ae
			}
			return nil, errors.New("SASL PLAIN refused")
		}
		return id, nil
	}
}
