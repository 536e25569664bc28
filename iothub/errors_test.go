package iothub

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/Azure/go-amqp"
)

func TestAMQPConditionsMapToKinds(t *testing.T) {
	tests := []struct {
		cond amqp.ErrCond
		s    side
		want error
	}{
		{"amqp:not-found", serviceSide, ErrDeviceNotFound},
		{"amqp:resource-limit-exceeded", serviceSide, ErrDeviceMaximumQueueDepthExceeded},
		{"amqp:resource-limit-exceeded", deviceSide, ErrQuotaExceeded},
		{"amqp:link:message-size-exceeded", serviceSide, ErrMessageTooLarge},
		{"amqp:unauthorized-access", serviceSide, ErrUnauthorized},
		{"amqp:not-allowed", serviceSide, ErrInvalidOperation},
		{"amqp:not-implemented", serviceSide, ErrNotImplemented},
		{"amqp:internal-error", serviceSide, ErrInternalServer},
		{"amqp:link:detach-forced", serviceSide, ErrServiceUnavailable},
		{"com.microsoft:device-container-throttled", serviceSide, ErrThrottled},
		{"com.microsoft:message-lock-lost", deviceSide, ErrMessageLockLost},
		{"com.microsoft:argument-error", serviceSide, ErrArgument},
		{"com.microsoft:argument-out-of-range", serviceSide, ErrArgumentOutOfRange},
		{"com.microsoft:device-already-exists", serviceSide, ErrDeviceAlreadyExists},
		{"com.microsoft:quota-exceeded", serviceSide, ErrQuotaExceeded},
		{"com.microsoft:iot-hub-suspended", serviceSide, ErrHubSuspended},
		{"com.microsoft:iot-hub-not-found-error", serviceSide, ErrHubNotFound},
		{"com.microsoft:precondition-failed", serviceSide, ErrPreconditionFailed},
		{"com.microsoft:timeout", serviceSide, ErrServiceUnavailable},
		{"com.example:something-new", serviceSide, ErrHub},
	}
	for _, tt := range tests {
		t.Run(string(tt.cond), func(t *testing.T) {
			hubErr := &amqp.Error{Condition: tt.cond, Description: "the hub's words",
				Info: map[string]any{"com.microsoft:tracking-id": "abc123-G:7-TimeStamp:01/02/2030 03:04:05"}}
			err := mapAMQPError("send", "dev1", tt.s, hubErr)
			if !errors.Is(err, tt.want) {
				t.Fatalf("%v does not match %v", err, tt.want)
			}
			for _, other := range []error{ErrDeviceNotFound, ErrThrottled, ErrUnauthorized, ErrHub} {
				if other != tt.want && errors.Is(err, other) {
					t.Fatalf("%v also matches %v", err, other)
				}
			}
			var e *Error
			var ae *amqp.Error
			if !errors.As(err, &e) || !errors.As(err, &ae) {
				t.Fatalf("errors.As cannot reach *Error and *amqp.Error in %T", err)
			}
			if e.Condition != string(tt.cond) || e.TrackingID != "abc123-G:7-TimeStamp:01/02/2030 03:04:05" || e.Description != "the hub's words" || e.DeviceID != "dev1" {
				t.Fatalf("lost detail: %+v", *e)
			}
			if !strings.Contains(err.Error(), "abc123") || !strings.Contains(err.Error(), "dev1") {
				t.Fatalf("message lacks the tracking id or device: %s", err)
			}
		})
	}
}

func TestLinkDetachErrorsKeepTheLinkError(t *testing.T) {
	le := &amqp.LinkError{RemoteErr: &amqp.Error{Condition: amqp.ErrCondUnauthorizedAccess, Description: "token expired"}}
	err := mapAMQPError("receive", "dev1", deviceSide, le)
	var got *amqp.LinkError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &got) || !isLinkLoss(err) {
		t.Fatalf("detach with error mapped to %v", err)
	}
}

func TestConnectionLossIsRetryable(t *testing.T) {
	for _, cause := range []error{&amqp.ConnError{}, &amqp.SessionError{}, &amqp.LinkError{}, &net.OpError{Op: "read", Err: errors.New("reset")}} {
		err := mapAMQPError("send", "", serviceSide, cause)
		if !errors.Is(err, ErrConnectionLost) || !IsRetryable(err) {
			t.Errorf("%T mapped to %v", cause, err)
		}
	}
	for _, k := range []error{ErrThrottled, ErrInternalServer, ErrServiceUnavailable} {
		if !IsRetryable(fmt.Errorf("wrapped: %w", &Error{Op: "send", Kind: k})) {
			t.Errorf("%v is not retryable", k)
		}
	}
	for _, k := range []error{ErrDeviceNotFound, ErrUnauthorized, ErrDeviceMaximumQueueDepthExceeded, ErrMessageTooLarge} {
		if IsRetryable(&Error{Op: "send", Kind: k}) {
			t.Errorf("%v is retryable", k)
		}
	}
}

func TestContextErrorsPassThrough(t *testing.T) {
	err := mapAMQPError("send", "d", serviceSide, context.DeadlineExceeded)
	if !errors.Is(err, context.DeadlineExceeded) || IsRetryable(err) {
		t.Fatalf("got %v", err)
	}
}

func TestErrorMessageSaysWhatAndWhatToDo(t *testing.T) {
	err := &Error{Op: "send", DeviceID: "thermostat-3", Kind: ErrDeviceMaximumQueueDepthExceeded,
		Description: "Device Queue depth cannot exceed 50 messages", TrackingID: "t-1"}
	want := "iothub: send (device thermostat-3): C2D queue is full (50 messages): Device Queue depth cannot exceed 50 messages [tracking id t-1]; the device must complete, reject or abandon messages, or they must expire; or purge the queue"
	if err.Error() != want {
		t.Fatalf("got  %s\nwant %s", err, want)
	}
}

func TestRegistryErrorBodies(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		want       error
		code, desc string
		tracking   string
	}{
		{"ErrorCode form", 404, `{"Message":"ErrorCode:DeviceNotFound;Device dev1 not registered","ExceptionMessage":"Tracking ID:abc-G:0-TimeStamp:01/02/2030 03:04:05"}`,
			ErrDeviceNotFound, "DeviceNotFound", "Device dev1 not registered", "abc-G:0-TimeStamp:01/02/2030 03:04:05"},
		{"conflict", 409, `{"Message":"ErrorCode:DeviceAlreadyExists;A device with ID 'd' is already registered.","ExceptionMessage":""}`,
			ErrDeviceAlreadyExists, "DeviceAlreadyExists", "A device with ID 'd' is already registered.", ""},
		{"code wins over status", 403, `{"Message":"ErrorCode:IotHubQuotaExceeded;quota","ExceptionMessage":""}`,
			ErrQuotaExceeded, "IotHubQuotaExceeded", "quota", ""},
		{"throttled", 429, `{"Message":"ErrorCode:ThrottlingException;slow down"}`, ErrThrottled, "ThrottlingException", "slow down", ""},
		{"unknown code falls back on status", 401, `{"Message":"ErrorCode:SomethingNew;no"}`, ErrUnauthorized, "SomethingNew", "no", ""},
		{"nested JSON form", 404, `{"Message":"{\"errorCode\":404001,\"trackingId\":\"tr-9\",\"message\":\"Device not found\",\"timestampUtc\":\"2030-01-01T00:00:00Z\"}","ExceptionMessage":""}`,
			ErrDeviceNotFound, "404001", "Device not found", "tr-9"},
		{"not JSON", 503, `<html>Service Unavailable</html>`, ErrServiceUnavailable, "", "<html>Service Unavailable</html>", ""},
		{"empty", 500, ``, ErrInternalServer, "", "", ""},
		{"odd status", 418, `{"Message":"teapot"}`, ErrHub, "", "teapot", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := registryError("get device", "dev1", tt.status, []byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("%v does not match %v", err, tt.want)
			}
			if err.Code != tt.code || err.Description != tt.desc || err.TrackingID != tt.tracking || err.StatusCode != tt.status {
				t.Fatalf("got code %q desc %q tracking %q status %d", err.Code, err.Description, err.TrackingID, err.StatusCode)
			}
		})
	}
}

func TestCBSStatusMapsLikeHTTP(t *testing.T) {
	if err := (cbsReply{status: 200}).err("d"); err != nil {
		t.Fatalf("200 is %v", err)
	}
	err := cbsReply{status: 401, description: "InvalidSignature"}.err("d")
	var e *Error
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &e) || e.Description != "InvalidSignature" || e.StatusCode != 401 {
		t.Fatalf("401 is %v", err)
	}
	if err := (cbsReply{status: 404}).err("d"); !errors.Is(err, ErrDeviceNotFound) {
		t.Fatalf("404 is %v", err)
	}
}
