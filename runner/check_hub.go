package runner

import "time"

// hubSettings checks the settings (core's ranges, at the keys the front end recorded).
func (c *checker) hubSettings() {
	c.problems = append(c.problems, c.sc.Hub.Problems()...)
}

// lockDuration is the C2D lock of the hub the scenario runs against.
func (c *checker) lockDuration() time.Duration { return time.Duration(c.hub.Emulator.LockDuration) }

// feedbackInterval is the longest the hub holds a feedback record to batch it.
func (c *checker) feedbackInterval() time.Duration {
	return time.Duration(c.hub.Emulator.FeedbackBatchInterval)
}
