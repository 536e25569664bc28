package core

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Config is the hub's configuration: Azure's own properties.cloudToDevice block,
// so a user can paste the settings of the hub they want to reproduce, and the
// emulator's knobs beside it. Zero values mean "the profile's default" (see
// WithDefaults); Validate enforces Azure's ranges.
type Config struct {
	// CloudToDevice is Azure's properties.cloudToDevice.
	CloudToDevice CloudToDevice `json:"cloudToDevice" yaml:"cloudToDevice"`
	// Emulator holds what only the emulator has.
	Emulator Emulator `json:"emulator" yaml:"emulator"`
}

// CloudToDevice is the shape of Azure's properties.cloudToDevice.
type CloudToDevice struct {
	// MaxDeliveryCount is how many times a device may abandon a message before
	// it is dead-lettered (DeliveryCountExceeded). Azure: 1-100, default 10.
	MaxDeliveryCount int `json:"maxDeliveryCount,omitempty" yaml:"maxDeliveryCount,omitempty"`
	// DefaultTTL applies to messages without absolute-expiry-time. Azure:
	// PT1M-P2D, default PT1H.
	DefaultTTL Duration `json:"defaultTtlAsIso8601,omitempty" yaml:"defaultTtlAsIso8601,omitempty"`
	// Feedback configures the hub-wide feedback queue.
	Feedback FeedbackQueue `json:"feedback" yaml:"feedback"`
}

// FeedbackQueue is the shape of Azure's properties.cloudToDevice.feedback.
type FeedbackQueue struct {
	// LockDuration is how long a service receiver holds a feedback message.
	// Azure: PT5S-PT5M, default PT1M.
	LockDuration Duration `json:"lockDurationAsIso8601,omitempty" yaml:"lockDurationAsIso8601,omitempty"`
	// TTL is how long a feedback message waits to be consumed. Azure: PT1M-P2D,
	// default PT1H.
	TTL Duration `json:"ttlAsIso8601,omitempty" yaml:"ttlAsIso8601,omitempty"`
	// MaxDeliveryCount bounds abandons of a feedback message. Azure: 1-100,
	// default 10.
	MaxDeliveryCount int `json:"maxDeliveryCount,omitempty" yaml:"maxDeliveryCount,omitempty"`
}

// Emulator holds the settings a real hub does not expose.
type Emulator struct {
	// Profile names the defaults for every zero setting: "fast" (the default)
	// or "azure".
	Profile Profile `json:"profile,omitempty" yaml:"profile,omitempty"`
	// FeedbackBatchInterval is the longest a feedback record waits for its
	// batch to fill (64 records) before it is sent. fast: 100ms; azure: 15s.
	FeedbackBatchInterval Duration `json:"feedbackBatchInterval,omitempty" yaml:"feedbackBatchInterval,omitempty"`
	// LockDuration is the C2D lock (visibility) timeout, fixed at one minute on
	// Azure. Range 10ms-1h.
	LockDuration Duration `json:"lockDuration,omitempty" yaml:"lockDuration,omitempty"`
	// Throttling simulates the C2D send limit of an IoT Hub unit; off when Tier
	// is empty.
	Throttling Throttling `json:"throttling,omitempty" yaml:"throttling,omitempty"`
}

// Throttling simulates the C2D send quota of a hub's tier and unit count.
type Throttling struct {
	// Tier is "F1", "S1", "S2" or "S3"; empty or "off" disables throttling.
	Tier string `json:"tier,omitempty" yaml:"tier,omitempty"`
	// Units is the number of hub units (default 1).
	Units int `json:"units,omitempty" yaml:"units,omitempty"`
}

// Profile names a set of defaults.
type Profile string

// The profiles.
const (
	// ProfileFast is Azure's defaults with feedback flushed every 100 ms, so
	// that tests are quick.
	ProfileFast Profile = "fast"
	// ProfileAzure is the service's own timings: feedback batched by 64 records
	// or 15 s, one-minute lock.
	ProfileAzure Profile = "azure"
)

// Defaults returns the complete configuration of the profile.
func (p Profile) Defaults() (Config, error) {
	c := Config{
		CloudToDevice: CloudToDevice{
			MaxDeliveryCount: 10,
			DefaultTTL:       Duration(time.Hour),
			Feedback: FeedbackQueue{
				LockDuration:     Duration(time.Minute),
				TTL:              Duration(time.Hour),
				MaxDeliveryCount: 10,
			},
		},
		Emulator: Emulator{Profile: p, LockDuration: Duration(time.Minute)},
	}
	switch p {
	case ProfileFast, "":
		c.Emulator.Profile = ProfileFast
		c.Emulator.FeedbackBatchInterval = Duration(100 * time.Millisecond)
	case ProfileAzure:
		c.Emulator.FeedbackBatchInterval = Duration(15 * time.Second)
	default:
		return Config{}, fmt.Errorf("emulator.profile: unknown profile %q (want fast or azure)", string(p))
	}
	return c, nil
}

// WithDefaults fills every zero setting from the profile named in
// c.Emulator.Profile (fast when empty).
func (c Config) WithDefaults() (Config, error) {
	d, err := c.Emulator.Profile.Defaults()
	if err != nil {
		return Config{}, err
	}
	fillInt(&c.CloudToDevice.MaxDeliveryCount, d.CloudToDevice.MaxDeliveryCount)
	fillDuration(&c.CloudToDevice.DefaultTTL, d.CloudToDevice.DefaultTTL)
	fb, dfb := &c.CloudToDevice.Feedback, d.CloudToDevice.Feedback
	fillDuration(&fb.LockDuration, dfb.LockDuration)
	fillDuration(&fb.TTL, dfb.TTL)
	fillInt(&fb.MaxDeliveryCount, dfb.MaxDeliveryCount)
	c.Emulator.Profile = d.Emulator.Profile
	fillDuration(&c.Emulator.FeedbackBatchInterval, d.Emulator.FeedbackBatchInterval)
	fillDuration(&c.Emulator.LockDuration, d.Emulator.LockDuration)
	if c.Emulator.Throttling.Tier != "" && c.Emulator.Throttling.Units == 0 {
		c.Emulator.Throttling.Units = 1
	}
	return c, nil
}

func fillInt(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}

func fillDuration(v *Duration, def Duration) {
	if *v == 0 {
		*v = def
	}
}

// Validate checks every setting against Azure's ranges (and the emulator's) and
// reports all problems at once, each naming the field and its range.
func (c Config) Validate() error {
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	c2d := c.CloudToDevice
	check(intRange("cloudToDevice.maxDeliveryCount", c2d.MaxDeliveryCount, 1, 100))
	check(durationRange("cloudToDevice.defaultTtlAsIso8601", c2d.DefaultTTL, time.Minute, 48*time.Hour))
	check(durationRange("cloudToDevice.feedback.lockDurationAsIso8601", c2d.Feedback.LockDuration, 5*time.Second, 5*time.Minute))
	check(durationRange("cloudToDevice.feedback.ttlAsIso8601", c2d.Feedback.TTL, time.Minute, 48*time.Hour))
	check(intRange("cloudToDevice.feedback.maxDeliveryCount", c2d.Feedback.MaxDeliveryCount, 1, 100))
	check(durationRange("emulator.feedbackBatchInterval", c.Emulator.FeedbackBatchInterval, time.Millisecond, time.Minute))
	check(durationRange("emulator.lockDuration", c.Emulator.LockDuration, 10*time.Millisecond, time.Hour))
	check(c.Emulator.Throttling.validate())
	return errors.Join(errs...)
}

func intRange(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s: %d is out of range (%d to %d)", field, v, lo, hi)
	}
	return nil
}

func durationRange(field string, v Duration, lo, hi time.Duration) error {
	if time.Duration(v) < lo || time.Duration(v) > hi {
		return fmt.Errorf("%s: %s is out of range (%s to %s)", field, v, Duration(lo), Duration(hi))
	}
	return nil
}

// sendsPerSecondPerUnit is the C2D send throttle of each tier (Azure's quotas
// and throttling page: 1.67/s/unit on F1, S1 and S2; 83.33/s/unit on S3).
var sendsPerSecondPerUnit = map[string]float64{"F1": 100.0 / 60, "S1": 100.0 / 60, "S2": 100.0 / 60, "S3": 5000.0 / 60}

// Enabled reports whether throttling is on.
func (t Throttling) Enabled() bool {
	return t.Tier != "" && !strings.EqualFold(t.Tier, "off")
}

// SendsPerSecond is the C2D send rate the tier and units allow.
func (t Throttling) SendsPerSecond() float64 {
	return sendsPerSecondPerUnit[strings.ToUpper(t.Tier)] * float64(max(t.Units, 1))
}

func (t Throttling) validate() error {
	if !t.Enabled() {
		return nil
	}
	if _, ok := sendsPerSecondPerUnit[strings.ToUpper(t.Tier)]; !ok {
		return fmt.Errorf("emulator.throttling.tier: unknown tier %q (want F1, S1, S2, S3 or off)", t.Tier)
	}
	return intRange("emulator.throttling.units", t.Units, 1, 200)
}
