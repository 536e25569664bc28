package runner

import (
	"strings"
	"time"
)

// hubSettings checks the settings against Azure's ranges (and the emulator's). A zero
// value means the default unless the front end recorded the key as written.
func (c *checker) hubSettings() {
	h := c.sc.Hub
	c2d := h.CloudToDevice
	c.intRange("cloudToDevice.maxDeliveryCount", c2d.MaxDeliveryCount, 1, 100)
	c.durationRange("cloudToDevice.defaultTtlAsIso8601", c2d.DefaultTTL, time.Minute, 48*time.Hour)
	c.durationRange("cloudToDevice.feedback.lockDurationAsIso8601", c2d.Feedback.LockDuration, 5*time.Second, 5*time.Minute)
	c.durationRange("cloudToDevice.feedback.ttlAsIso8601", c2d.Feedback.TTL, time.Minute, 48*time.Hour)
	c.intRange("cloudToDevice.feedback.maxDeliveryCount", c2d.Feedback.MaxDeliveryCount, 1, 100)
	c.durationRange("emulator.feedbackBatchInterval", h.Emulator.FeedbackBatchInterval, time.Millisecond, time.Minute)
	c.durationRange("emulator.lockDuration", h.Emulator.LockDuration, 10*time.Millisecond, time.Hour)
	if p := h.Emulator.Profile; p != "" && !strings.EqualFold(p, ProfileFast) && !strings.EqualFold(p, ProfileAzure) {
		c.add(c.hubKey("emulator.profile"), "unknown profile %q (want fast or azure)", p)
	}
	c.throttling(h.Emulator.Throttling)
}

func (c *checker) hubKey(key string) Pos { return c.sc.Hub.Keys.Of(key, c.sc.Hub.At) }

func (c *checker) written(key string, zero bool) bool {
	_, ok := c.sc.Hub.Keys[key]
	return ok || !zero
}

func (c *checker) intRange(key string, v, lo, hi int) {
	if c.written(key, v == 0) && (v < lo || v > hi) {
		c.add(c.hubKey(key), "%s is %d; IoT Hub allows %d to %d", key, v, lo, hi)
	}
}

func (c *checker) durationRange(key string, v, lo, hi time.Duration) {
	if c.written(key, v == 0) && (v < lo || v > hi) {
		c.add(c.hubKey(key), "%s is %s; IoT Hub allows %s to %s", key, FormatISODuration(v), FormatISODuration(lo), FormatISODuration(hi))
	}
}

// sendsPerSecondPerUnit is IoT Hub's C2D send throttle by tier.
var sendsPerSecondPerUnit = map[string]float64{"F1": 100.0 / 60, "S1": 100.0 / 60, "S2": 100.0 / 60, "S3": 5000.0 / 60}

func (c *checker) throttling(t Throttling) {
	if t.Tier == "" || strings.EqualFold(t.Tier, "off") {
		return
	}
	if _, ok := sendsPerSecondPerUnit[strings.ToUpper(t.Tier)]; !ok {
		c.add(c.hubKey("emulator.throttling.tier"), "unknown tier %q (want F1, S1, S2, S3 or off)", t.Tier)
	}
	if t.Units < 0 || t.Units > 200 {
		c.add(c.hubKey("emulator.throttling.units"), "emulator.throttling.units is %d; allowed 1 to 200", t.Units)
	}
}
