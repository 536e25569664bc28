package runner

import (
	"errors"
	"strings"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// HubSettings is the hub configuration a scenario runs with (on the embedded hub) or
// assumes (on a real hub, whose settings hubspec cannot change: pass the values with
// --var so one spec checks a configuration change).
//
// The configuration is the embedded hub's own core.Config: Azure's
// properties.cloudToDevice (maxDeliveryCount, defaultTtlAsIso8601, feedback) plus the
// emulator's knobs. Zero fields take the profile's defaults.
type HubSettings struct {
	At   Pos
	Keys KeyPos // by dotted key as core names fields: "cloudToDevice.maxDeliveryCount", …
	core.Config
}

// Values IoT Hub fixes, which no setting changes.
const (
	// AzureLockDuration is IoT Hub's C2D lock timeout.
	AzureLockDuration = time.Minute
	// AzureFeedbackInterval is how long IoT Hub may hold a feedback record to batch it.
	AzureFeedbackInterval = 15 * time.Second
	// QueueDepth is how many messages a device's C2D queue holds.
	QueueDepth = 50
	// MaxMessageSize is the largest C2D message IoT Hub accepts, in bytes.
	MaxMessageSize = 65536
)

// The emulator profiles.
const (
	ProfileFast  = string(core.ProfileFast)
	ProfileAzure = string(core.ProfileAzure)
)

// Effective returns the configuration with every zero field filled from the profile's
// defaults (fast when the profile is unknown: Check reports that). On a real hub the
// emulator's values are Azure's own.
func (h HubSettings) Effective(realHub bool) core.Config {
	c, err := h.Config.WithDefaults()
	if err != nil {
		h.Config.Emulator.Profile = ""
		c, _ = h.Config.WithDefaults()
	}
	if realHub {
		azure, _ := core.ProfileAzure.Defaults()
		c.Emulator = azure.Emulator
	}
	return c
}

// Problems checks the settings against Azure's ranges (and the emulator's), each at
// the key it is about.
func (h HubSettings) Problems() Problems {
	var ps Problems
	add := func(err error) {
		for _, e := range splitJoined(err) {
			key, _, _ := strings.Cut(e.Error(), ":")
			ps.Add(h.Keys.Of(key, h.At), "%v", e)
		}
	}
	c, err := h.Config.WithDefaults()
	if err != nil {
		add(err)
		h.Config.Emulator.Profile = "" // check the rest with the default profile
		c, _ = h.Config.WithDefaults()
	}
	add(c.Validate())
	return ps
}

// splitJoined returns the errors an errors.Join holds, or err alone.
func splitJoined(err error) []error {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		return joined.Unwrap()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}
