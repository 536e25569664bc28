package httpshead

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// deviceJSON is a device identity as IoT Hub's REST API writes and reads it.
type deviceJSON struct {
	DeviceID                   string          `json:"deviceId"`
	ModuleID                   *string         `json:"moduleId"`
	GenerationID               string          `json:"generationId,omitempty"`
	ETag                       string          `json:"etag,omitempty"`
	ConnectionState            string          `json:"connectionState,omitempty"`
	Status                     string          `json:"status,omitempty"`
	StatusReason               *string         `json:"statusReason"`
	ConnectionStateUpdatedTime string          `json:"connectionStateUpdatedTime,omitempty"`
	StatusUpdatedTime          string          `json:"statusUpdatedTime,omitempty"`
	LastActivityTime           string          `json:"lastActivityTime,omitempty"`
	CloudToDeviceMessageCount  int             `json:"cloudToDeviceMessageCount"`
	Authentication             *authentication `json:"authentication,omitempty"`
	Capabilities               capabilities    `json:"capabilities"`
}

type authentication struct {
	SymmetricKey   *symmetricKey   `json:"symmetricKey,omitempty"`
	X509Thumbprint *x509Thumbprint `json:"x509Thumbprint,omitempty"`
	Type           string          `json:"type,omitempty"`
}

type symmetricKey struct {
	PrimaryKey   string `json:"primaryKey"`
	SecondaryKey string `json:"secondaryKey"`
}

type x509Thumbprint struct {
	PrimaryThumbprint   *string `json:"primaryThumbprint"`
	SecondaryThumbprint *string `json:"secondaryThumbprint"`
}

type capabilities struct {
	IotEdge bool `json:"iotEdge"`
}

// restTime writes a time as IoT Hub does: 7 fractional digits, and the .NET
// minimum for "never".
func restTime(t time.Time) string {
	if t.IsZero() {
		return "0001-01-01T00:00:00Z"
	}
	return t.UTC().Format("2006-01-02T15:04:05.0000000Z")
}

// toDeviceJSON renders a device.
func toDeviceJSON(d core.Device) deviceJSON {
	var reason *string
	if d.StatusReason != "" {
		reason = &d.StatusReason
	}
	return deviceJSON{
		DeviceID: d.DeviceID, GenerationID: d.GenerationID, ETag: d.ETag,
		ConnectionState: d.ConnectionState, Status: string(d.Status), StatusReason: reason,
		ConnectionStateUpdatedTime: restTime(d.ConnectionStateUpdatedTime),
		StatusUpdatedTime:          restTime(d.StatusUpdatedTime), LastActivityTime: restTime(time.Time{}),
		CloudToDeviceMessageCount: d.CloudToDeviceMessageCount,
		Authentication: &authentication{
			SymmetricKey:   &symmetricKey{PrimaryKey: d.PrimaryKey, SecondaryKey: d.SecondaryKey},
			X509Thumbprint: &x509Thumbprint{}, Type: "sas",
		},
	}
}

// decodeDevice reads a create or update body for the device named in the path.
func decodeDevice(body []byte, pathID string) (core.DeviceSpec, error) {
	var in deviceJSON
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return core.DeviceSpec{}, badRequest("the device body is not valid JSON: %v", err)
		}
	}
	if in.DeviceID != "" && in.DeviceID != pathID {
		return core.DeviceSpec{}, badRequest("deviceId %q in the body does not match %q in the path", in.DeviceID, pathID)
	}
	spec := core.DeviceSpec{DeviceID: pathID, Status: core.DeviceStatus(in.Status)}
	if in.StatusReason != nil {
		spec.StatusReason = *in.StatusReason
	}
	return withKeys(spec, in.Authentication)
}

// withKeys copies symmetric keys into spec; only SAS authentication exists in
// the emulator.
func withKeys(spec core.DeviceSpec, auth *authentication) (core.DeviceSpec, error) {
	if auth == nil {
		return spec, nil
	}
	if auth.Type != "" && !strings.EqualFold(auth.Type, "sas") {
		return spec, badRequest("authentication type %q is not supported by the emulator (only sas)", auth.Type)
	}
	if auth.SymmetricKey != nil {
		spec.PrimaryKey, spec.SecondaryKey = auth.SymmetricKey.PrimaryKey, auth.SymmetricKey.SecondaryKey
	}
	return spec, nil
}

func badRequest(format string, args ...any) error {
	return &core.Error{Code: core.CodeArgumentInvalid, Message: fmt.Sprintf(format, args...)}
}
