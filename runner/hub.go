package runner

import (
	"cmp"
	"strings"
	"time"
)

// HubSettings is the hub configuration a scenario runs with (on the embedded hub) or
// assumes (on a real hub, whose settings hubspec cannot change: pass the values with
// --var so one spec checks a configuration change). Zero fields take the profile's
// defaults.
//
// The shape is Azure's properties.cloudToDevice plus the emulator's knobs, exactly as
// hub/core.Config has it. This type is the one seam to switch to core.Config once
// that package is committed.
type HubSettings struct {
	At            Pos
	Keys          KeyPos // by dotted key: "cloudToDevice.maxDeliveryCount", …
	CloudToDevice CloudToDevice
	Emulator      Emulator
}

// CloudToDevice is the shape of Azure's properties.cloudToDevice.
type CloudToDevice struct {
	MaxDeliveryCount int           // maxDeliveryCount: 1-100, default 10
	DefaultTTL       time.Duration // defaultTtlAsIso8601: PT1M-P2D, default PT1H
	Feedback         FeedbackQueue // feedback
}

// FeedbackQueue is the shape of Azure's properties.cloudToDevice.feedback.
type FeedbackQueue struct {
	LockDuration     time.Duration // lockDurationAsIso8601: PT5S-PT5M, default PT1M
	TTL              time.Duration // ttlAsIso8601: PT1M-P2D, default PT1H
	MaxDeliveryCount int           // maxDeliveryCount: 1-100, default 10
}

// Emulator holds what only the embedded hub has. A real hub ignores it.
type Emulator struct {
	Profile               string        // "fast" (default) or "azure"
	FeedbackBatchInterval time.Duration // fast: 100ms; azure: 15s
	LockDuration          time.Duration // the C2D lock; one minute on Azure
	Throttling            Throttling
}

// Throttling simulates the C2D send quota of a hub tier.
type Throttling struct {
	Tier  string // F1, S1, S2, S3, or empty/"off"
	Units int    // default 1
}

// The profiles and the values Azure fixes.
const (
	ProfileFast  = "fast"
	ProfileAzure = "azure"

	// AzureLockDuration is IoT Hub's C2D lock timeout, which no setting changes.
	AzureLockDuration = time.Minute
	// AzureFeedbackInterval is how long IoT Hub may hold a feedback record to batch it.
	AzureFeedbackInterval = 15 * time.Second
	// QueueDepth is how many messages a device's C2D queue holds.
	QueueDepth = 50
	// MaxMessageSize is the largest C2D message IoT Hub accepts, in bytes.
	MaxMessageSize = 65536
)

// Effective returns the settings with every zero field filled from the profile's
// defaults. On a real hub the emulator's values are Azure's own.
func (h HubSettings) Effective(realHub bool) HubSettings {
	c := &h.CloudToDevice
	c.MaxDeliveryCount = cmp.Or(c.MaxDeliveryCount, 10)
	c.DefaultTTL = cmp.Or(c.DefaultTTL, time.Hour)
	c.Feedback.LockDuration = cmp.Or(c.Feedback.LockDuration, time.Minute)
	c.Feedback.TTL = cmp.Or(c.Feedback.TTL, time.Hour)
	c.Feedback.MaxDeliveryCount = cmp.Or(c.Feedback.MaxDeliveryCount, 10)
	e := &h.Emulator
	if realHub {
		*e = Emulator{Profile: ProfileAzure, FeedbackBatchInterval: AzureFeedbackInterval, LockDuration: AzureLockDuration}
		return h
	}
	e.Profile = cmp.Or(strings.ToLower(e.Profile), ProfileFast)
	interval := 100 * time.Millisecond
	if e.Profile == ProfileAzure {
		interval = AzureFeedbackInterval
	}
	e.FeedbackBatchInterval = cmp.Or(e.FeedbackBatchInterval, interval)
	e.LockDuration = cmp.Or(e.LockDuration, AzureLockDuration)
	return h
}
