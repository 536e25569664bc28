package iothub

import (
	"errors"
	"strings"
)

// kind is one class of failure, in IoT Hub's own terms. Callers test for it
// with errors.Is(err, ErrDeviceNotFound) and so on.
type kind struct {
	name string
	hint string // what to do, in the user's terms; may be empty
}

func (k *kind) Error() string { return k.name }

// The kinds of failure. Every error a client returns for a hub's refusal is an
// *Error that matches exactly one of them with errors.Is.
var (
	ErrDeviceNotFound                  error = &kind{name: "device not found", hint: "create the device in the registry first"}
	ErrDeviceMaximumQueueDepthExceeded error = &kind{name: "C2D queue is full (50 messages)", hint: "the device must complete, reject or abandon messages, or they must expire; or purge the queue"}
	ErrMessageTooLarge                 error = &kind{name: "message too large (over 65,536 bytes)", hint: "make the body and properties smaller"}
	ErrThrottled                       error = &kind{name: "throttled", hint: "send more slowly (an S1 unit allows 100 C2D sends a minute)"}
	ErrUnauthorized                    error = &kind{name: "unauthorized", hint: "check the key, the policy's permissions and the token's expiry"}
	ErrInvalidOperation                error = &kind{name: "operation not allowed"}
	ErrNotImplemented                  error = &kind{name: "not implemented by the hub"}
	ErrInternalServer                  error = &kind{name: "internal server error"}
	ErrServiceUnavailable              error = &kind{name: "service unavailable", hint: "retry later"}
	ErrMessageLockLost                 error = &kind{name: "message lock lost", hint: "the message was settled too late, or on a link that is gone; it will be delivered again"}
	ErrArgument                        error = &kind{name: "invalid argument"}
	ErrArgumentOutOfRange              error = &kind{name: "argument out of range"}
	ErrDeviceAlreadyExists             error = &kind{name: "device already exists", hint: "delete it first, or get it instead of creating it"}
	ErrQuotaExceeded                   error = &kind{name: "IoT hub quota exceeded", hint: "the hub's daily message quota is used up"}
	ErrHubSuspended                    error = &kind{name: "IoT hub suspended"}
	ErrHubNotFound                     error = &kind{name: "IoT hub not found", hint: "check HostName"}
	ErrPreconditionFailed              error = &kind{name: "precondition failed", hint: "the etag does not match"}
	ErrTooManyDevices                  error = &kind{name: "too many devices", hint: "the hub's device quota is used up"}
	ErrTokenExpired                    error = &kind{name: "SAS token expired", hint: "use a device key, or a token with a later se"}
	ErrConnectionLost                  error = &kind{name: "connection lost"}
	ErrTLS                             error = &kind{name: "TLS handshake with the hub failed", hint: "for an emulator, give its CA certificate (Options.CAFile or CAPEM)"}
	ErrClosed                          error = &kind{name: "client closed"}
	ErrHub                             error = &kind{name: "hub error"}
)

// Error is a failure reported by a hub (over AMQP or HTTPS) or found by the
// client on its way there. Kind is one of the Err* values above; errors.Is
// matches it, and errors.As reaches the underlying error (an *amqp.Error, for
// example) through Err.
type Error struct {
	Op          string // what was being done: "send", "put-token", "create device", …
	DeviceID    string // the device concerned, if any
	Kind        error  // one of the Err* kinds
	Condition   string // the AMQP error condition, e.g. "amqp:not-found"
	StatusCode  int    // the HTTP or CBS status code, 0 if none
	Code        string // IoT Hub's error code, e.g. "DeviceNotFound"
	Description string // the hub's own words
	TrackingID  string // the hub's tracking id (com.microsoft:tracking-id), for support requests
	Err         error  // the underlying error, may be nil
}

// Error says what failed, where, what the hub said and what to do.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("iothub: ")
	b.WriteString(e.Op)
	if e.DeviceID != "" {
		b.WriteString(" (device " + e.DeviceID + ")")
	}
	b.WriteString(": " + e.Kind.Error())
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if e.TrackingID != "" {
		b.WriteString(" [tracking id " + e.TrackingID + "]")
	}
	if k, ok := e.Kind.(*kind); ok && k.hint != "" {
		b.WriteString("; " + k.hint)
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As both the kind and the underlying error.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// IsRetryable reports whether err is worth retrying after a back-off:
// throttling, a server fault, an unavailable service or a lost connection.
func IsRetryable(err error) bool {
	for _, target := range retryableKinds {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

var retryableKinds = []error{ErrThrottled, ErrInternalServer, ErrServiceUnavailable, ErrConnectionLost}
