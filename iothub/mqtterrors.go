package iothub

import (
	"context"
	"errors"
	"fmt"

	paho "github.com/eclipse/paho.mqtt.golang"
	"github.com/eclipse/paho.mqtt.golang/packets"
)

// ErrNotSupportedOverMQTT is the kind of error Reject and Abandon return on
// an MQTTDevice: MQTT has no way to refuse or give back a C2D message (spec
// §6.4), so nothing is sent and the message stays locked until it is
// completed, its lock expires, or the connection ends.
var ErrNotSupportedOverMQTT error = &kind{name: "not supported over MQTT",
	hint: "an MQTT device can only complete a message (PUBACK) or leave it to be delivered again; use an AMQP device to reject or abandon"}

// notSupportedOverMQTT is the error of a disposition MQTT cannot send.
func notSupportedOverMQTT(how disposition, deviceID string) error {
	return &Error{Op: how.String(), DeviceID: deviceID, Kind: ErrNotSupportedOverMQTT,
		Description: "MQTT has no " + how.String() + "; nothing was sent"}
}

// connackKinds maps the CONNACK return codes of MQTT 3.1.1 to kinds.
var connackKinds = map[byte]error{
	packets.ErrRefusedBadProtocolVersion:    ErrNotImplemented,
	packets.ErrRefusedIDRejected:            ErrArgument,
	packets.ErrRefusedServerUnavailable:     ErrServiceUnavailable,
	packets.ErrRefusedBadUsernameOrPassword: ErrUnauthorized,
	packets.ErrRefusedNotAuthorised:         ErrUnauthorized,
}

// connackMeaning says what a refusal code means, in MQTT's words.
var connackMeaning = map[byte]string{
	packets.ErrRefusedBadProtocolVersion:    "unacceptable protocol version",
	packets.ErrRefusedIDRejected:            "identifier rejected: the client id must be the device id",
	packets.ErrRefusedServerUnavailable:     "server unavailable",
	packets.ErrRefusedBadUsernameOrPassword: "bad user name or password",
	packets.ErrRefusedNotAuthorised:         "not authorized: the SAS token does not open this device",
}

// connectError classifies a failed CONNECT: a refusal by its CONNACK code,
// else the network or TLS failure under it, else the end of ctx.
func connectError(ctx context.Context, addr, deviceID string, tok *paho.ConnectToken) error {
	op := "connect over MQTT to " + addr
	rc := tok.ReturnCode()
	if k, ok := connackKinds[rc]; ok {
		return &Error{Op: op, DeviceID: deviceID, Kind: k, Description: fmt.Sprintf("CONNACK %d (%s)", rc, connackMeaning[rc])}
	}
	err := tok.Error()
	if cerr := ctxEnded(ctx); cerr != nil {
		return fmt.Errorf("iothub: %s%s: %w", op, forDevice(deviceID), cerr)
	}
	kind := ErrConnectionLost
	switch {
	case isTLSFailure(err):
		kind = ErrTLS
	case rc != packets.ErrNetworkError && rc != packets.Accepted:
		kind = ErrHub
	}
	return &Error{Op: op, DeviceID: deviceID, Kind: kind, Description: describe(err), Err: err}
}

// lostError is why an established MQTT connection ended.
func lostError(deviceID string, err error) error {
	if err == nil {
		err = errors.New("the connection closed")
	}
	return &Error{Op: "MQTT connection", DeviceID: deviceID, Kind: ErrConnectionLost, Description: describe(err), Err: err}
}

func describe(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
