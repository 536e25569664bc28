package report

import "time"

// Status is the outcome of a case.
type Status string

// The statuses. Failed means an expectation did not hold; Errored means the scenario could
// not run (hub unreachable, authorization refused, input found invalid late); Skipped means
// it was not run (tag filter, fail-fast, a dependency failed).
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Errored Status = "error"
	Skipped Status = "skipped"
)

// Run is the result of one `hubspec run`.
type Run struct {
	// Name names the report; empty means "hubspec".
	Name     string
	Started  time.Time
	Duration time.Duration
	Hostname string
	// Latencies summarise the whole run (the runner merges every scenario's samples).
	Latencies []Latency
	Suites    []Suite
}

// Suite is the result of one spec file.
type Suite struct {
	// File is the spec's path, relative to the working directory, with forward slashes.
	File string
	// Name defaults to File.
	Name       string
	Started    time.Time
	Duration   time.Duration
	Properties []Property // hub.host, hub.c2d.maxDeliveryCount, …; never a key or a token
	Cases      []Case
}

// Case is the result of one scenario, or one row of an outline.
type Case struct {
	// Name must be stable across runs: the scenario's name (plus the row for outlines),
	// never a run id, a time or a generated device id.
	Name     string
	Line     int
	Status   Status
	Duration time.Duration
	// Message is the first line of the explanation; empty means the first line of
	// Explanation.
	Message string
	// Explanation is the full text for a failure, an error or a skip: what was expected,
	// what was observed and the ledger lines that matter.
	Explanation string
	// Timeline is the compact timeline of the scenario's messages (JUnit system-out).
	Timeline   string
	Tags       []string
	Properties []Property
	Latencies  []Latency
	// Attempts are the earlier runs of a retried case, oldest first; the case's own
	// fields are the final run.
	Attempts []Attempt
}

// Attempt is one earlier run of a retried case.
type Attempt struct {
	Status      Status
	Duration    time.Duration
	Message     string
	Explanation string
	Timeline    string
}

// Property is a name and a value reported with a suite or a case.
type Property struct {
	Name, Value string
}

// Latency summarises one kind of latency.
type Latency struct {
	Name          string // LatencySendReceive, LatencyReceiveSettle or LatencySendFeedback
	Count         int
	P50, P95, Max time.Duration
}

// The latency names.
const (
	LatencySendReceive   = "send_receive"   // send → first delivery
	LatencyReceiveSettle = "receive_settle" // delivery → complete, reject or abandon
	LatencySendFeedback  = "send_feedback"  // send → feedback record
)

// Totals counts cases by outcome. Passed includes Flaky.
type Totals struct {
	Tests, Passed, Failed, Errors, Skipped, Flaky int
}

// add counts one case.
func (t *Totals) add(c Case) {
	t.Tests++
	switch c.Status {
	case Passed:
		t.Passed++
	case Failed:
		t.Failed++
	case Errored:
		t.Errors++
	case Skipped:
		t.Skipped++
	}
	if c.Flaky() {
		t.Flaky++
	}
}

// Totals counts the suite's cases.
func (s Suite) Totals() Totals {
	var t Totals
	for _, c := range s.Cases {
		t.add(c)
	}
	return t
}

// Totals counts the run's cases.
func (r Run) Totals() Totals {
	var t Totals
	for _, s := range r.Suites {
		for _, c := range s.Cases {
			t.add(c)
		}
	}
	return t
}

// OK reports whether no case failed or errored.
func (r Run) OK() bool {
	t := r.Totals()
	return t.Failed == 0 && t.Errors == 0
}

// Flaky reports whether the case passed after an earlier attempt failed or errored.
func (c Case) Flaky() bool {
	if c.Status != Passed {
		return false
	}
	for _, a := range c.Attempts {
		if a.Status == Failed || a.Status == Errored {
			return true
		}
	}
	return false
}
