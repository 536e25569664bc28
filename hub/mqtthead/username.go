package mqtthead

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// username is the MQTT username of an IoT Hub device (spec §6.1):
// {host[:port]}/{deviceId}/?api-version=…[&DeviceClientType=…][&model-id=…].
type username struct {
	// Host is the hub host name as the device wrote it, port included.
	Host string
	// DeviceID is the identity the device claims.
	DeviceID string
	// APIVersion is the api-version query key ("" when missing); any value is
	// accepted.
	APIVersion string
}

// parseUsername reads a device username leniently, as IoT Hub does: the
// query starts at the first "/?" (device ids never contain '/'), unknown
// query keys and malformed query text are ignored, and a username without a
// query ("host/device" or "host/device/") is accepted. Errors say what is
// missing without repeating the text.
func parseUsername(s string) (username, error) {
	path, query, found := strings.Cut(s, "/?")
	if !found {
		path = strings.TrimSuffix(s, "/")
	}
	host, device, ok := strings.Cut(path, "/")
	switch {
	case s == "":
		return username{}, errors.New("the username is empty; IoT Hub expects {host}/{deviceId}/?api-version=…")
	case !ok:
		return username{}, errors.New("the username lacks a host name or a device id; IoT Hub expects {host}/{deviceId}/?api-version=…")
	case host == "":
		return username{}, errors.New("the username has no host name; IoT Hub expects {host}/{deviceId}/?api-version=…")
	case device == "":
		return username{}, errors.New("the username names no device; IoT Hub expects {host}/{deviceId}/?api-version=…")
	case strings.Contains(device, "/"):
		return username{}, fmt.Errorf("the username names a module (%d path segments after the host); module identities are not supported", strings.Count(device, "/")+1)
	}
	values, _ := url.ParseQuery(query)
	return username{Host: host, DeviceID: device, APIVersion: values.Get("api-version")}, nil
}
