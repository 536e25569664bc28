package iothub

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/Azure/go-amqp"
)

// side is who met an AMQP error: one condition means different things to the
// service and to a device (spec §9: amqp:resource-limit-exceeded).
type side int

const (
	serviceSide side = iota
	deviceSide
)

// trackingIDKey is the error info key IoT Hub puts its tracking id under.
const trackingIDKey = "com.microsoft:tracking-id"

// amqpConditions maps IoT Hub's AMQP error conditions (spec §9) to kinds.
var amqpConditions = map[amqp.ErrCond]error{
	amqp.ErrCondNotFound:                       ErrDeviceNotFound,
	amqp.ErrCondResourceLimitExceeded:          ErrDeviceMaximumQueueDepthExceeded,
	amqp.ErrCondMessageSizeExceeded:            ErrMessageTooLarge,
	amqp.ErrCondUnauthorizedAccess:             ErrUnauthorized,
	amqp.ErrCondNotAllowed:                     ErrInvalidOperation,
	amqp.ErrCondNotImplemented:                 ErrNotImplemented,
	amqp.ErrCondInternalError:                  ErrInternalServer,
	amqp.ErrCondDetachForced:                   ErrServiceUnavailable,
	"com.microsoft:device-container-throttled": ErrThrottled,
	"com.microsoft:message-lock-lost":          ErrMessageLockLost,
	"com.microsoft:argument-error":             ErrArgument,
	"com.microsoft:argument-out-of-range":      ErrArgumentOutOfRange,
	"com.microsoft:device-already-exists":      ErrDeviceAlreadyExists,
	"com.microsoft:quota-exceeded":             ErrQuotaExceeded,
	"com.microsoft:iot-hub-suspended":          ErrHubSuspended,
	"com.microsoft:iot-hub-not-found-error":    ErrHubNotFound,
	"com.microsoft:precondition-failed":        ErrPreconditionFailed,
	"com.microsoft:timeout":                    ErrServiceUnavailable,
}

// kindOfCondition returns the kind of an AMQP condition as seen from s.
func kindOfCondition(cond amqp.ErrCond, s side) error {
	if cond == amqp.ErrCondResourceLimitExceeded && s == deviceSide {
		return ErrQuotaExceeded
	}
	if k, ok := amqpConditions[cond]; ok {
		return k
	}
	return ErrHub
}

// fromAMQPError turns the hub's AMQP error into an *Error, keeping the
// condition, the description and the tracking id.
// err is what go-amqp returned (e itself, or a link, session or connection
// error carrying e); it stays reachable with errors.As.
func fromAMQPError(op, deviceID string, s side, e *amqp.Error, err error) *Error {
	return &Error{
		Op:          op,
		DeviceID:    deviceID,
		Kind:        kindOfCondition(e.Condition, s),
		Condition:   string(e.Condition),
		Description: e.Description,
		TrackingID:  trackingID(e.Info),
		Err:         err,
	}
}

func trackingID(info map[string]any) string {
	switch v := info[trackingIDKey].(type) {
	case string:
		return v
	case amqp.Symbol:
		return string(v)
	default:
		return ""
	}
}

// mapAMQPError classifies any error from go-amqp: the hub's *amqp.Error keeps
// its meaning; a closed link, session or connection without one, or a network
// failure, is ErrConnectionLost; a context's end passes through, wrapped.
func mapAMQPError(op, deviceID string, s side, err error) error {
	if err == nil {
		return nil
	}
	var ae *amqp.Error
	if errors.As(err, &ae) {
		return fromAMQPError(op, deviceID, s, ae, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("iothub: %s%s: %w", op, forDevice(deviceID), err)
	}
	if isConnectionLoss(err) {
		return &Error{Op: op, DeviceID: deviceID, Kind: ErrConnectionLost, Description: err.Error(), Err: err}
	}
	return &Error{Op: op, DeviceID: deviceID, Kind: ErrHub, Description: err.Error(), Err: err}
}

// mapConnError classifies an error from a connection, or from a link on it,
// that was established: a connection the hub closed is lost whatever
// condition the hub gave (amqp:connection:forced, say), since the connection
// dials again and its links are attached again. The hub's condition and
// description stay in the *Error; its kind is ErrConnectionLost.
func mapConnError(op, deviceID string, s side, err error) error {
	mapped := mapAMQPError(op, deviceID, s, err)
	var ce *amqp.ConnError
	var e *Error
	if errors.As(err, &ce) && errors.As(mapped, &e) {
		e.Kind = ErrConnectionLost
	}
	return mapped
}

func isConnectionLoss(err error) bool {
	var ne net.Error
	return isLinkLoss(err) || errors.As(err, &ne)
}

func forDevice(id string) string {
	if id == "" {
		return ""
	}
	return " (device " + id + ")"
}

// asAny is errors.As, named for use in boolean chains.
func asAny[T error](err error, target *T) bool { return errors.As(err, target) }
