package amqptest

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// ConnectionString is a parsed IoT Hub connection string (spec §1.1).
type ConnectionString struct {
	HostName, DeviceID, KeyName, Key string
}

// ParseConnectionString splits "Key=Value;…" at the first '=' of each part.
func ParseConnectionString(s string) (ConnectionString, error) {
	v := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		k, val, _ := strings.Cut(part, "=")
		v[k] = val
	}
	cs := ConnectionString{HostName: v["HostName"], DeviceID: v["DeviceId"], KeyName: v["SharedAccessKeyName"], Key: v["SharedAccessKey"]}
	if cs.HostName == "" || cs.Key == "" {
		return cs, fmt.Errorf("connection string without HostName or SharedAccessKey")
	}
	return cs, nil
}

// Token signs a SAS token for the connection string's identity as the Node
// SDKs do: the raw host for a policy, the URL-encoded host/devices/id for a
// device.
func (cs ConnectionString) Token(expiry time.Time) (string, error) {
	if cs.DeviceID == "" {
		return core.SignToken(cs.HostName, cs.KeyName, cs.Key, expiry)
	}
	return core.SignToken(DeviceResource(cs.HostName, cs.DeviceID), "", cs.Key, expiry)
}

// Audience is the CBS name the Node SDKs send with the token.
func (cs ConnectionString) Audience() string {
	if cs.DeviceID == "" {
		return cs.HostName
	}
	return DeviceResource(cs.HostName, cs.DeviceID)
}

// DeviceResource is a device's token scope, encoded as Node's encodeURIComponent.
func DeviceResource(host, deviceID string) string {
	return url.QueryEscape(host + "/devices/" + deviceID)
}
