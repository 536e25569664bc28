package mqtthead

import (
	"errors"
	"io"
	"net"
	"strconv"

	"github.com/mochi-mqtt/server/v2/packets"

	"github.com/hubspec/hubspec/hub/core"
)

// maxLogged bounds what the head logs of a device's own text (client id,
// topic).
const maxLogged = 128

// printable truncates untrusted text for a log line (the log handler quotes
// it).
func printable(s string) string {
	if len(s) > maxLogged {
		return s[:maxLogged] + "…"
	}
	return s
}

// loggableClientID is a client id fit for the log: a valid device id as it
// is, anything else only by its length (a confused client may send a token
// there).
func loggableClientID(id string) string {
	if core.ValidateDeviceID(id) != nil {
		return "(not a device id, " + strconv.Itoa(len(id)) + " bytes)"
	}
	return id
}

// connackName is a refusal as an MQTT 3.1.1 client sees it, e.g.
// "5 (not authorized)".
func connackName(code packets.Code) string {
	names := map[byte]string{1: "unacceptable protocol version", 2: "identifier rejected", 4: "bad user name or password", 5: "not authorized"}
	v3 := code
	if c, ok := packets.V5CodesToV3[code]; ok {
		v3 = c
	}
	return strconv.Itoa(int(v3.Code)) + " (" + names[v3.Code] + ")"
}

// disconnectCause says in a word why a connection ended.
func disconnectCause(err error) string {
	switch {
	case err == nil:
		return "device disconnected"
	case errors.Is(err, errTakenOver):
		return "taken over by a new connection"
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return "connection closed"
	}
	return err.Error()
}
