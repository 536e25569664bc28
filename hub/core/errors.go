package core

import (
	"errors"
	"net/http"
)

// ErrorCode is an IoT Hub error code name, as it appears in REST error bodies
// ("ErrorCode:DeviceNotFound;…") and in the SDKs' exception names.
type ErrorCode string

// The error codes the core returns.
const (
	CodeArgumentInvalid                 ErrorCode = "ArgumentInvalid"
	CodeDeviceNotFound                  ErrorCode = "DeviceNotFound"
	CodeDeviceAlreadyExists             ErrorCode = "DeviceAlreadyExists"
	CodeDeviceMaximumQueueDepthExceeded ErrorCode = "DeviceMaximumQueueDepthExceeded"
	CodeMessageTooLarge                 ErrorCode = "MessageTooLarge"
	CodeThrottlingException             ErrorCode = "ThrottlingException"
	CodeIotHubUnauthorizedAccess        ErrorCode = "IotHubUnauthorizedAccess"
	CodePreconditionFailed              ErrorCode = "PreconditionFailed"
	CodeDeviceMessageLockLost           ErrorCode = "DeviceMessageLockLost"
	CodeNotImplemented                  ErrorCode = "NotImplemented"
	CodeServiceUnavailable              ErrorCode = "ServiceUnavailable"
)

// Error is a refusal by the hub: an Azure error code and a description in the
// hub's words. Match kinds with errors.Is against the Err… sentinels.
type Error struct {
	Code    ErrorCode
	Message string
}

// Error returns the description.
func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return e.Message
}

// Is reports whether target is the sentinel of the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrArgument           = &Error{Code: CodeArgumentInvalid}
	ErrDeviceNotFound     = &Error{Code: CodeDeviceNotFound}
	ErrDeviceExists       = &Error{Code: CodeDeviceAlreadyExists}
	ErrQueueFull          = &Error{Code: CodeDeviceMaximumQueueDepthExceeded}
	ErrMessageTooLarge    = &Error{Code: CodeMessageTooLarge}
	ErrThrottled          = &Error{Code: CodeThrottlingException}
	ErrUnauthorized       = &Error{Code: CodeIotHubUnauthorizedAccess}
	ErrPreconditionFailed = &Error{Code: CodePreconditionFailed}
	ErrLockLost           = &Error{Code: CodeDeviceMessageLockLost}
	ErrNotImplemented     = &Error{Code: CodeNotImplemented}
	ErrClosed             = &Error{Code: CodeServiceUnavailable, Message: "the hub is closed"}
)

func errorf(code ErrorCode, msg string) *Error { return &Error{Code: code, Message: msg} }

// CodeOf returns the error code of a core error (an *Error or *AuthError
// anywhere in err's chain), or "" for anything else.
func CodeOf(err error) ErrorCode {
	var ae *AuthError
	if errors.As(err, &ae) {
		return CodeIotHubUnauthorizedAccess
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// HTTPStatus is the status code IoT Hub's REST API answers with for the code
// (the Node SDK's rest_api_client maps these back to its error classes).
func (c ErrorCode) HTTPStatus() int {
	switch c {
	case CodeArgumentInvalid:
		return http.StatusBadRequest
	case CodeIotHubUnauthorizedAccess:
		return http.StatusUnauthorized
	case CodeDeviceMaximumQueueDepthExceeded:
		return http.StatusForbidden
	case CodeDeviceNotFound:
		return http.StatusNotFound
	case CodeDeviceAlreadyExists:
		return http.StatusConflict
	case CodePreconditionFailed, CodeDeviceMessageLockLost:
		return http.StatusPreconditionFailed
	case CodeMessageTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeThrottlingException:
		return http.StatusTooManyRequests
	case CodeNotImplemented:
		return http.StatusNotImplemented
	case CodeServiceUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// AMQPCondition is the AMQP error condition IoT Hub uses for the code (spec §4.3
// and §9), which the official SDKs map to their error classes.
func (c ErrorCode) AMQPCondition() string {
	switch c {
	case CodeArgumentInvalid:
		return "com.microsoft:argument-error"
	case CodeDeviceNotFound:
		return "amqp:not-found"
	case CodeDeviceAlreadyExists:
		return "com.microsoft:device-already-exists"
	case CodeDeviceMaximumQueueDepthExceeded:
		return "amqp:resource-limit-exceeded"
	case CodeMessageTooLarge:
		return "amqp:link:message-size-exceeded"
	case CodeThrottlingException:
		return "com.microsoft:device-container-throttled"
	case CodeIotHubUnauthorizedAccess:
		return "amqp:unauthorized-access"
	case CodePreconditionFailed:
		return "com.microsoft:precondition-failed"
	case CodeDeviceMessageLockLost:
		return "com.microsoft:message-lock-lost"
	case CodeNotImplemented:
		return "amqp:not-implemented"
	}
	return "amqp:internal-error"
}
