package runner_test

import (
	"testing"

	"github.com/hubspec/hubspec/report"
)

// TestEachExpectationFails runs, on the embedded hub, a scenario for each kind of
// expectation that cannot hold, and checks the case fails with an explanation that says
// what was expected, what was observed and shows the ledger lines.
func TestEachExpectationFails(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, yaml string
		want       []string
	}{
		{"receives count", `
scenario: count
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - receives: {device: d1, count: 1}
  - receives: {device: d1, count: 2, within: 300ms}
`, []string{"test.yaml:6:5: receives: d1: received 1 message, want 2", "expected: device d1 receives 2 messages, within 300ms",
			"observed: device d1: received 1 message, want 2", "ledger:", "m-R  delivered to d1 (delivery count 0)"}},
		{"receives body", `
scenario: body
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}", body: {json: {a: 1}}}
  - receives: {device: d1, count: 1}
  - receives: {device: d1, within: 500ms, messages: [{body: {json: {a: 2}}}]}
`, []string{"no message received matches entry 1 (line 6); closest is m-R: body: want JSON containing {\"a\":2}, got \"{\\\"a\\\":1}\""}},
		{"receives property", `
scenario: property
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}", properties: {p: y}}
  - receives: {device: d1, count: 1}
  - receives: {device: d1, within: 500ms, messages: [{properties: {p: {matches: "^x"}}}]}
`, []string{"property p: want text matching /^x/, got \"y\""}},
		{"receives system property", `
scenario: system
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}", correlationId: job-2}
  - receives: {device: d1, count: 1}
  - receives: {device: d1, within: 500ms, messages: [{correlationId: job-1}]}
`, []string{`correlationId: want "job-1", got "job-2"`}},
		{"receives delivery count", `
scenario: deliveries
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - receives: {device: d1, count: 1}
  - receives: {device: d1, within: 500ms, messages: [{deliveryCount: ">= 1"}]}
`, []string{"deliveryCount: want at least 1, got 0"}},
		{"receives listed order", `
scenario: listed
fleet: [{id: d1}]
steps:
  - send: {device: d1, count: 2, messageId: "m-{run}-{i}"}
  - receives: {device: d1, count: 2}
  - receives:
      device: d1
      order: listed
      within: 500ms
      messages: [{messageId: "m-{run}-2"}, {messageId: "m-{run}-1"}]
`, []string{"message 1 to arrive, m-R-1, does not match entry 1 (line 10)", `messageId: want "m-R-2", got "m-R-1"`}},
		{"feedback status", `
scenario: feedback
fleet: [{id: d1, settle: reject}]
steps:
  - send: {id: s, device: d1, messageId: "m-{run}", ack: full}
  - feedback: {send: s, status: Success, within: 5s}
`, []string{"test.yaml:5:5: feedback: m-R: want Success, got Rejected within 5s", "m-R: Rejected", "m-R  feedback Rejected"}},
		{"feedback counts", `
scenario: counts
fleet: [{id: d1}]
steps:
  - send: {id: s, device: d1, messageId: "m-{run}", ack: full}
  - feedback: {send: s, counts: {Rejected: 1}, within: 5s}
`, []string{"test.yaml:5:5: feedback: want Rejected 1, got Rejected 0 within 5s", `expected: feedback records for the messages of send "s", counted by status`, "observed: Success 1"}},
		{"no feedback", `
scenario: quiet
fleet: [{id: d1}]
steps:
  - send: {id: s, device: d1, messageId: "m-{run}", ack: full}
  - feedback: {send: s, status: none, for: 5s}
`, []string{"test.yaml:5:5: feedback: want none during 5s, got Success for m-R"}},
		{"dispositions", `
scenario: dispositions
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - dispositions: {device: d1, complete: 1}
  - dispositions: {device: d1, reject: 1, within: 300ms}
`, []string{"test.yaml:6:5: dispositions: want reject 1, got reject 0 within 300ms", "observed: complete 1, reject 0, abandon 0, ignore 0"}},
		{"no further message", `
scenario: lock
hub: {emulator: {lockDuration: 1s}}
fleet: [{id: d1, settle: [ignore, complete]}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
  - receives: {device: d1, count: 1}
  - noFurtherMessage: {device: d1, for: 5s}
`, []string{"test.yaml:7:5: noFurtherMessage: want nothing during 5s, got m-R on d1 (delivery count 0)", "ignore by d1"}},
		{"send outcomes", `
scenario: outcomes
fleet: [{id: d1}]
steps:
  - send: {id: s, device: d1, messageId: "m-{run}"}
  - sendOutcomes: {send: s, counts: {DeviceNotFound: 1}}
`, []string{"test.yaml:5:5: sendOutcomes: want DeviceNotFound 1, got DeviceNotFound 0", "observed: m-R to d1: Accepted"}},
		{"send outcome", `
scenario: outcome
fleet: [{id: d1}]
steps:
  - send: {device: d1, messageId: "m-{run}", outcome: MessageTooLarge}
`, []string{"test.yaml:4:5: send: want MessageTooLarge for m-R, got Accepted", "expected: the hub answers each of the 1 send with MessageTooLarge"}},
		{"queued", `
scenario: queued
fleet: [{id: d1, online: false}]
steps:
  - send: {device: d1, count: 2, messageId: "m-{run}-{i}"}
  - queued: {device: d1, count: 2}
  - queued: {device: d1, count: 3, within: 1s}
`, []string{"test.yaml:6:5: queued: d1: 2 messages queued, want 3 within 1s"}},
		{"a message not accounted for", `
scenario: lost
fleet: [{id: d1, online: false}]
steps:
  - send: {device: d1, messageId: "m-{run}"}
`, []string{"1 message not accounted for at the end of the scenario: m-R to d1: fate unknown: accepted at",
			"no settlement, feedback, purge or expiry accounts for it", "m-R  accepted"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := runEmbedded(t, parse(t, tt.yaml))
			wantCase(t, c, report.Failed, runIDs(c, tt.want)...)
		})
	}
}
