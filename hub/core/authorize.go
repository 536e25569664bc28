package core

import (
	"net/url"
	"strings"
	"time"
)

// Operation is something a token may or may not allow.
type Operation int

// The operations the heads check.
const (
	// SendC2D is a service sending on /messages/devicebound.
	SendC2D Operation = iota + 1
	// ReceiveFeedback is a service receiving /messages/servicebound/feedback.
	ReceiveFeedback
	// ReceiveC2D is receiving from /devices/{id}/messages/devicebound.
	ReceiveC2D
	// ReadRegistry is reading device identities.
	ReadRegistry
	// WriteRegistry is creating, updating or deleting device identities.
	WriteRegistry
	// PurgeC2D is purging /devices/{id}/commands.
	PurgeC2D
)

var operationNames = map[Operation]string{
	SendC2D: "send cloud-to-device messages", ReceiveFeedback: "receive feedback",
	ReceiveC2D: "receive cloud-to-device messages", ReadRegistry: "read the registry",
	WriteRegistry: "write the registry", PurgeC2D: "purge a device queue",
}

// String names the operation in plain words.
func (op Operation) String() string { return operationNames[op] }

// requirement is the right a policy needs for op and the resource it touches.
func (op Operation) requirement(deviceID string) (Rights, []string) {
	switch op {
	case SendC2D:
		return ServiceConnect, []string{"messages", "devicebound"}
	case ReceiveFeedback:
		return ServiceConnect, []string{"messages", "servicebound", "feedback"}
	case ReceiveC2D:
		return DeviceConnect, []string{"devices", deviceID, "messages", "devicebound"}
	case PurgeC2D:
		return ServiceConnect, []string{"devices", deviceID, "commands"}
	case ReadRegistry:
		return RegistryRead, devicesPath(deviceID)
	case WriteRegistry:
		return RegistryWrite, devicesPath(deviceID)
	}
	return 0, nil
}

func devicesPath(deviceID string) []string {
	if deviceID == "" {
		return []string{"devices"}
	}
	return []string{"devices", deviceID}
}

// Authorize reports whether id may perform op (on deviceID where the operation
// names a device): the token must not have expired, must grant the right
// (a device key only ever opens its own queue) and its scope must cover the
// resource, compared by path segment and case-insensitively.
func (h *Hub) Authorize(id Identity, op Operation, deviceID string) error {
	if id.ExpiresAt.Before(h.clock.Now().Truncate(time.Second)) {
		return authErrorf(AuthExpired, "the token of %s has expired", id)
	}
	right, target := op.requirement(deviceID)
	if target == nil {
		return authErrorf(AuthForbidden, "unknown operation")
	}
	if id.PolicyName == "" && (op != ReceiveC2D || id.DeviceID != deviceID) {
		return authErrorf(AuthForbidden, "%s may not %s", id, describe(op, deviceID))
	}
	if id.PolicyName != "" && !id.Rights.Has(right) {
		return authErrorf(AuthForbidden, "%s lacks %s to %s", id, right, describe(op, deviceID))
	}
	if !scopeCovers(id.scope, target) {
		return authErrorf(AuthWrongScope, "the token's scope %q does not cover %s", id.Resource, strings.Join(target, "/"))
	}
	return nil
}

func describe(op Operation, deviceID string) string {
	if deviceID == "" {
		return op.String()
	}
	return op.String() + " of device " + deviceID
}

// scopeCovers reports whether scope is a segment prefix of target.
func scopeCovers(scope, target []string) bool {
	if len(scope) > len(target) {
		return false
	}
	for i, s := range scope {
		if !segmentEqual(s, target[i]) {
			return false
		}
	}
	return true
}

func segmentEqual(scope, target string) bool {
	if strings.EqualFold(scope, target) {
		return true
	}
	d, err := url.QueryUnescape(scope)
	return err == nil && strings.EqualFold(d, target)
}
