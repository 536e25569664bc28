package mqtthead

import (
	"fmt"
	"strings"

	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/hubspec/hubspec/hub/core"
)

// mqtt311 is the protocol level of MQTT 3.1.1, the only one IoT Hub speaks.
const mqtt311 = 4

// refusal is why a CONNECT is refused: the CONNACK code (written by mochi in
// its MQTT 3.1.1 form) and a reason for the log, which never contains the
// password.
type refusal struct {
	code   packets.Code
	reason string
}

func (r *refusal) Error() string { return r.reason }

// The CONNACK codes of MQTT 3.1.1, as mochi names their MQTT 5 equivalents
// (it maps them to 1, 2, 4 and 5 for a 3.1.1 client).
var (
	refuseProtocol   = packets.ErrUnsupportedProtocolVersion // 1
	refuseClientID   = packets.ErrClientIdentifierNotValid   // 2
	refuseMalformed  = packets.ErrMalformedUsername          // 4
	refuseNotAllowed = packets.ErrBadUsernameOrPassword      // 5
)

const (
	errNoSASToken     = "no password: X.509 device authentication is not supported; send a SAS token as the password"
	errUsernameDevice = "the username names another device than the client id %q"
)

// admit checks a CONNECT as IoT Hub does (spec §6.1): MQTT 3.1.1, a client id
// that is a device id, the IoT Hub username form for that device, and a SAS
// token as password that the core accepts for receiving the device's C2D
// messages. It returns the device id, or the refusal.
func (h *Head) admit(pk packets.Packet) (string, *refusal) {
	if pk.ProtocolVersion != mqtt311 {
		return "", &refusal{refuseProtocol, fmt.Sprintf("MQTT protocol level %d; IoT Hub speaks MQTT 3.1.1 (level 4)", pk.ProtocolVersion)}
	}
	deviceID := pk.Connect.ClientIdentifier
	if r := checkClientID(deviceID); r != nil {
		return "", r
	}
	user, err := parseUsername(string(pk.Connect.Username))
	if err != nil {
		return "", &refusal{refuseMalformed, err.Error()}
	}
	if user.DeviceID != deviceID {
		return "", &refusal{refuseNotAllowed, fmt.Sprintf(errUsernameDevice, deviceID)}
	}
	if r := h.authenticate(deviceID, string(pk.Connect.Password)); r != nil {
		return "", r
	}
	return deviceID, nil
}

// checkClientID refuses a client id that is not a device id. The reason does
// not repeat the id, which may be anything, a token included.
func checkClientID(id string) *refusal {
	switch {
	case id == "":
		return &refusal{refuseClientID, "the client id is empty; it must be the device id"}
	case strings.Contains(id, "/"):
		return &refusal{refuseClientID, "the client id names a module; module identities are not supported"}
	case core.ValidateDeviceID(id) != nil:
		return &refusal{refuseClientID, "the client id is not a device id (1-128 ASCII letters, digits and -.+%_#*?!(),:=@$'{})"}
	}
	return nil
}

// authenticate validates the SAS token in the password for the device.
func (h *Head) authenticate(deviceID, token string) *refusal {
	if token == "" {
		return &refusal{refuseNotAllowed, errNoSASToken}
	}
	id, err := h.hub.Authenticate(token)
	if err == nil {
		err = h.hub.Authorize(id, core.ReceiveC2D, deviceID)
	}
	if err != nil {
		return &refusal{refuseNotAllowed, fmt.Sprintf("the SAS token is refused: %v", err)}
	}
	return nil
}
