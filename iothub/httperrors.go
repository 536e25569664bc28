package iothub

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// kindOfStatus maps an HTTP (or CBS) status code to a kind, as the Node
// SDK's REST client does (spec §8.3).
func kindOfStatus(status int) error {
	switch status {
	case http.StatusBadRequest:
		return ErrArgument
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrTooManyDevices
	case http.StatusNotFound:
		return ErrDeviceNotFound
	case http.StatusConflict:
		return ErrDeviceAlreadyExists
	case http.StatusPreconditionFailed:
		return ErrPreconditionFailed
	case http.StatusRequestEntityTooLarge:
		return ErrMessageTooLarge
	case http.StatusTooManyRequests:
		return ErrThrottled
	case http.StatusInternalServerError:
		return ErrInternalServer
	case http.StatusServiceUnavailable:
		return ErrServiceUnavailable
	}
	return ErrHub
}

// registryCodes maps IoT Hub's error codes (the ErrorCode: of a REST error
// body, or the bulk result's errorCode) to kinds.
var registryCodes = map[string]error{
	"DeviceNotFound":                  ErrDeviceNotFound,
	"ModuleNotFound":                  ErrDeviceNotFound,
	"DeviceAlreadyExists":             ErrDeviceAlreadyExists,
	"ModuleAlreadyExistsOnDevice":     ErrDeviceAlreadyExists,
	"IotHubNotFound":                  ErrHubNotFound,
	"TooManyDevices":                  ErrTooManyDevices,
	"DeviceMaximumQueueDepthExceeded": ErrDeviceMaximumQueueDepthExceeded,
	"MessageTooLarge":                 ErrMessageTooLarge,
	"ThrottlingException":             ErrThrottled,
	"ThrottleBacklogLimitExceeded":    ErrThrottled,
	"IotHubUnauthorizedAccess":        ErrUnauthorized,
	"IotHubUnauthorized":              ErrUnauthorized,
	"Unauthorized":                    ErrUnauthorized,
	"ArgumentInvalid":                 ErrArgument,
	"ArgumentNull":                    ErrArgument,
	"InvalidEtag":                     ErrPreconditionFailed,
	"PreconditionFailed":              ErrPreconditionFailed,
	"IotHubQuotaExceeded":             ErrQuotaExceeded,
	"IotHubSuspended":                 ErrHubSuspended,
	"ServerError":                     ErrInternalServer,
	"ServiceUnavailable":              ErrServiceUnavailable,
	"DeviceMessageLockLost":           ErrMessageLockLost,
}

// numericCodes maps the six-digit error codes of newer hubs' JSON bodies.
var numericCodes = map[int]error{
	404001: ErrDeviceNotFound, 404002: ErrHubNotFound, 409001: ErrDeviceAlreadyExists,
	403002: ErrQuotaExceeded, 403004: ErrDeviceMaximumQueueDepthExceeded, 403005: ErrHubSuspended,
	413001: ErrMessageTooLarge, 429001: ErrThrottled, 429002: ErrThrottled,
	412002: ErrPreconditionFailed, 401002: ErrUnauthorized, 412001: ErrMessageLockLost,
}

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// registryError reads an error response of the registry's REST API:
//
//	{"Message":"ErrorCode:DeviceNotFound;Device dev1 not registered","ExceptionMessage":"Tracking ID:…-G:0-TimeStamp:…"}
//
// or a newer hub's JSON string inside Message. The kind comes from the error
// code when the hub gave a known one, else from the status code.
func registryError(op, deviceID string, status int, body []byte) *Error {
	e := &Error{Op: op, DeviceID: deviceID, StatusCode: status, Kind: kindOfStatus(status)}
	var wire struct {
		Message          string
		ExceptionMessage string
	}
	if json.Unmarshal(body, &wire) != nil || wire.Message == "" {
		e.Description = clip(strings.TrimSpace(string(body)), 200)
		return e
	}
	e.TrackingID = trackingFromException(wire.ExceptionMessage)
	if strings.HasPrefix(strings.TrimSpace(wire.Message), "{") {
		readNestedError(e, wire.Message)
		return e
	}
	readErrorCode(e, wire.Message)
	return e
}

// readErrorCode parses "ErrorCode:<Code>;<text>".
func readErrorCode(e *Error, message string) {
	rest, ok := strings.CutPrefix(message, "ErrorCode:")
	if !ok {
		e.Description = clip(message, 200)
		return
	}
	code, text, _ := strings.Cut(rest, ";")
	e.Code, e.Description = strings.TrimSpace(code), clip(strings.TrimSpace(text), 200)
	if k, ok := registryCodes[e.Code]; ok {
		e.Kind = k
	}
}

// readNestedError parses a newer hub's {"errorCode":404001,"trackingId":…,"message":…}.
func readNestedError(e *Error, message string) {
	var nested struct {
		ErrorCode  json.Number `json:"errorCode"`
		TrackingID string      `json:"trackingId"`
		Message    string      `json:"message"`
	}
	if json.Unmarshal([]byte(message), &nested) != nil {
		e.Description = clip(message, 200)
		return
	}
	e.Code, e.Description = nested.ErrorCode.String(), clip(nested.Message, 200)
	if nested.TrackingID != "" {
		e.TrackingID = nested.TrackingID
	}
	if n, err := strconv.Atoi(e.Code); err == nil {
		if k, ok := numericCodes[n]; ok {
			e.Kind = k
		}
	}
}

// trackingFromException takes the id out of "Tracking ID:<id>-G:0-TimeStamp:…".
func trackingFromException(s string) string {
	_, id, ok := strings.Cut(s, "Tracking ID:")
	if !ok {
		return ""
	}
	return clip(strings.TrimSpace(id), 200)
}
