package core

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DeviceStatus is whether a device may connect.
type DeviceStatus string

// The device statuses.
const (
	DeviceEnabled  DeviceStatus = "enabled"
	DeviceDisabled DeviceStatus = "disabled"
)

// The device connection states, as the registry reports them.
const (
	Connected    = "Connected"
	Disconnected = "Disconnected"
)

// DeviceSpec is what a caller gives to create or update a device.
type DeviceSpec struct {
	DeviceID string
	// PrimaryKey and SecondaryKey are base64 keys of 16-64 bytes; empty ones are
	// generated (on update: kept).
	PrimaryKey   string
	SecondaryKey string
	// Status is enabled when empty.
	Status       DeviceStatus
	StatusReason string
}

// Device is a snapshot of a device identity.
type Device struct {
	DeviceID string
	// GenerationID is an 18-digit string, new each time the id is (re)created.
	GenerationID      string
	ETag              string
	Status            DeviceStatus
	StatusReason      string
	StatusUpdatedTime time.Time
	PrimaryKey        string
	SecondaryKey      string
	// ConnectionState is Connected while a C2D receiver of the device is open.
	ConnectionState            string
	ConnectionStateUpdatedTime time.Time
	// CloudToDeviceMessageCount is the current depth of the device's queue.
	CloudToDeviceMessageCount int
}

// device is a registered device with its queue. info and keys are guarded by
// registry.mu; queue by its own mu.
type device struct {
	info  Device
	keys  [][]byte
	queue *lockQueue[*Message]
}

// registry holds the device identities.
type registry struct {
	mu             sync.RWMutex
	devices        map[string]*device
	etagSeq        uint64
	lastGeneration int64
}

// dotNetEpochTicks is 1970-01-01 in .NET ticks (100 ns since year 1).
const dotNetEpochTicks = 621355968000000000

// nextGeneration returns an 18-digit generationId from the clock's .NET ticks,
// strictly increasing so that a re-created device always gets a new one.
// registry.mu held.
func (r *registry) nextGeneration(now time.Time) string {
	g := now.UnixNano()/100 + dotNetEpochTicks
	if g <= r.lastGeneration {
		g = r.lastGeneration + 1
	}
	r.lastGeneration = g
	return strconv.FormatInt(g, 10)
}

// nextETag returns a new etag, base64 of a decimal counter as IoT Hub writes
// them. registry.mu held.
func (r *registry) nextETag() string {
	r.etagSeq++
	return base64.StdEncoding.EncodeToString([]byte(strconv.FormatUint(r.etagSeq, 10)))
}

func (r *registry) get(id string) (*device, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	d, ok := r.devices[id]
	return d, ok
}

// keys returns a device's decoded keys for authentication.
func (r *registry) keys(id string) ([][]byte, bool, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	d, ok := r.devices[id]
	if !ok {
		return nil, false, false
	}
	return d.keys, d.info.Status != DeviceDisabled, true
}

// validDeviceIDChars are the characters Azure allows in a device id besides
// ASCII letters and digits (the .NET service SDK's device id pattern).
const validDeviceIDChars = "-:.+%_#*?!(),=@;$'"

// ValidateDeviceID applies Azure's rule: 1-128 ASCII letters, digits and
// -:.+%_#*?!(),=@;$'.
func ValidateDeviceID(id string) error {
	if id == "" || len(id) > 128 {
		return errorf(CodeArgumentInvalid, fmt.Sprintf("device id must have 1 to 128 characters, not %d", len(id)))
	}
	for _, c := range []byte(id) {
		if !isAlnum(c) && strings.IndexByte(validDeviceIDChars, c) < 0 {
			return errorf(CodeArgumentInvalid, fmt.Sprintf("device id %q: character %q is not allowed (letters, digits and %s)", id, c, validDeviceIDChars))
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func normalizeStatus(s DeviceStatus) (DeviceStatus, error) {
	switch {
	case s == "" || strings.EqualFold(string(s), string(DeviceEnabled)):
		return DeviceEnabled, nil
	case strings.EqualFold(string(s), string(DeviceDisabled)):
		return DeviceDisabled, nil
	}
	return "", errorf(CodeArgumentInvalid, fmt.Sprintf("status %q is neither enabled nor disabled", s))
}

// etagMatches applies If-Match: empty or "*" matches anything; otherwise the
// (optionally quoted) etag must be the device's.
func etagMatches(ifMatch, etag string) bool {
	ifMatch = strings.TrimSpace(ifMatch)
	ifMatch = strings.TrimPrefix(ifMatch, "W/")
	ifMatch = strings.Trim(ifMatch, `"`)
	return ifMatch == "" || ifMatch == "*" || ifMatch == etag
}

// sortedDevices returns the devices ordered by id. registry.mu held.
func (r *registry) sortedDevices() []*device {
	out := make([]*device, 0, len(r.devices))
	for _, d := range r.devices {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].info.DeviceID < out[j].info.DeviceID })
	return out
}
