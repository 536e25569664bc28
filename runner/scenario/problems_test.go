package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/runner"
)

// parseProblems parses src as t.yaml and returns its problems, one per line.
func parseProblems(t *testing.T, src string, opts Options) string {
	t.Helper()
	_, err := Parse("t.yaml", []byte(src), opts)
	if err == nil {
		return ""
	}
	var ps runner.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse returned %T, want runner.Problems: %v", err, err)
	}
	return err.Error()
}

// TestProblems shows exactly what a user sees for each kind of mistake.
func TestProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"yaml syntax", "scenario: [a\n", "t.yaml:2:1: YAML: did not find expected ',' or ']'"},
		{"unquoted template in a flow mapping", "scenario: s\nsteps:\n  - send: {device: d, messageId: m-{i}}\n",
			`t.yaml:3:1: YAML: did not find expected ',' or '}' (inside { } quote a value that holds braces, such as messageId: "msg-{i}")`},
		{"not a mapping", "- a\n", "t.yaml:1:1: scenario: want a mapping (key: value lines), got a list"},
		{"missing name and steps", "tags: [x]\n", "t.yaml:1:1: scenario: scenario is required\nt.yaml:1:1: scenario: steps is required"},
		{"unknown keys with suggestions", `scenario: s
fleet:
  - id: d-{n}
    cuont: 2
    setle: reject
steps:
  - recieve: {device: d-1}
  - send: {device: d-1, messageID: x}
`, `t.yaml:4:5: fleet group: unknown key "cuont" (did you mean "count"?)
t.yaml:5:5: fleet group: unknown key "setle" (did you mean "settle"?)
t.yaml:7:5: unknown step "recieve" (did you mean "receives"?)
t.yaml:8:25: send: unknown key "messageID" (did you mean "messageId"?)`},
		{"words from other tools", `name: s
devices: [d]
fleet:
  - id: d
    behavior: reject
steps:
  - send: {to: d, payload: {text: x}}
  - expect: {device: d, timeout: 5s}
`, `t.yaml:1:1: scenario: unknown key "name" (did you mean "scenario"?)
t.yaml:2:1: scenario: unknown key "devices" (did you mean "fleet"?)
t.yaml:5:5: fleet group: unknown key "behavior" (did you mean "settle"?)
t.yaml:7:12: send: unknown key "to" (did you mean "device"?)
t.yaml:7:19: send: unknown key "payload" (did you mean "body"?)
t.yaml:8:5: unknown step "expect" (did you mean "receives"?)`},
		{"unknown key far from any", "scenario: s\nsteps: []\nzebra: 1\n",
			`t.yaml:3:1: scenario: unknown key "zebra" (known keys: scenario, description, tags, vars, within, hub, fleet, steps)`},
		{"wrong types", `scenario: s
within: soon
fleet:
  - id: d
    count: many
    online: maybe
steps:
  - send: {device: d, count: [1]}
  - wait: {for: 5, reason: x}
`, `t.yaml:2:9: within: want a duration from 1ms to 24h such as 5s, 250ms or 1m30s, got "soon"
t.yaml:5:12: count: want a whole number from 1 to 100000, got "many"
t.yaml:6:13: online: want true or false, got "maybe"
t.yaml:8:30: count: want a whole number, got a list
t.yaml:9:17: for: want a duration from 1ms to 24h such as 5s, 250ms or 1m30s, got "5"`},
		{"unknown values", `scenario: s
fleet:
  - {id: d, transport: mqqt, settle: [abandon, compleet]}
steps:
  - send: {device: d, ack: ful, outcome: QueueFull}
  - feedback: {status: Succes}
`, `t.yaml:3:24: transport: unknown value "mqqt" (did you mean "mqtt"?)
t.yaml:3:48: settle: unknown value "compleet" (did you mean "complete"?)
t.yaml:5:28: ack: unknown value "ful" (did you mean "full"?)
t.yaml:5:42: outcome: unknown value "QueueFull" (want one of Accepted, DeviceNotFound, DeviceMaximumQueueDepthExceeded, MessageTooLarge, Throttled, Unauthorized)
t.yaml:6:24: status: unknown value "Succes" (did you mean "Success"?)`},
		{"one kind per step", "scenario: s\nsteps:\n  - send:\n    device: d\n",
			"t.yaml:3:5: a step has exactly one kind, found send, device (is the step's body indented under its kind?)"},
		{"duplicate key", "scenario: s\nscenario: t\nsteps: []\n", `t.yaml:2:1: scenario: key "scenario" is set twice (first at line 1)`},
		{"merge key", "scenario: s\nsteps:\n  - send:\n      <<: {device: d}\n", "t.yaml:4:7: send: YAML merge keys (<<) are not supported; use an alias for a whole value"},
		{"selector", "scenario: s\nsteps:\n  - connect: {device: a, group: b}\n  - purge: {}\n  - disconnect: {all: false}\n",
			`t.yaml:3:33: connect: set only one of device, group, all (found device and group)
t.yaml:4:12: purge: set one of device, group, all
t.yaml:5:23: all: false selects nothing; name a device or a group`},
		{"feedback forms", `scenario: s
steps:
  - feedback: {}
  - feedback: {status: none, within: 1s}
  - feedback: {status: Success, for: 1s}
  - feedback: {status: Success, counts: {Success: 1}}
`, `t.yaml:3:15: feedback: set one of status, counts
t.yaml:4:15: feedback: for is required
t.yaml:4:38: feedback: status and within cannot go together: status: none holds over a window; set for instead
t.yaml:5:38: feedback: status and for cannot go together: for is the window of status: none; a status is awaited within a deadline
t.yaml:6:41: feedback: set only one of status, counts (found status and counts)`},
		{"matches", `scenario: s
steps:
  - receives:
      device: d
      messages:
        - properties: {a: {matches: "("}, b: {json: {x: 1}}, c: {absent: false}}
          body: {absent: true}
          messageId: "{nope}"
`, "t.yaml:6:37: a: error parsing regexp: missing closing ): `(`\n" +
			"t.yaml:6:53: b: json matches bodies only; use equals, contains or matches\n" +
			"t.yaml:6:74: c: absent: false checks nothing; say what the value must be\n" +
			"t.yaml:7:26: body: a body is never absent; match an empty one with equals: \"\"\n" +
			`t.yaml:8:22: messageId: template "{nope}": unknown placeholder {nope} (here you can use {device}, {group}, {n}, {i}, {run})`},
		{"bodies", `scenario: s
steps:
  - send: {device: d, body: {text: a, json: {}}}
  - send: {device: d, body: {base64: "!!"}}
  - send: {device: d, body: {file: missing.bin}}
`, `t.yaml:3:45: body: set only one of text, json, base64, file (found text and json)
t.yaml:4:38: base64: not standard base64: illegal base64 data at input byte 0
t.yaml:5:36: file: "missing.bin": no such file or directory`},
		{"semantic problems after a clean decode", `scenario: s
fleet:
  - {id: "sensor-{n}", count: 2, transport: mqtt, settle: reject}
steps:
  - send: {device: sensor-1, messageId: same, count: 2}
  - feedback: {status: Success}
`, `t.yaml:3:59: group "sensor-{n}" uses MQTT, which cannot reject: over MQTT a device acknowledges (PUBACK) and IoT Hub completes the message; use complete or ignore, or transport: amqp
t.yaml:5:30: messageId "same" gives all 2 messages to a device the same id; number them with {i}
t.yaml:6:5: feedback Success is expected, but the send at line 5 uses ack none, which never produces it (Success needs ack positive or full)`},
		{"hub ranges at their keys", `scenario: s
hub:
  cloudToDevice:
    maxDeliveryCount: 0
    feedback: {ttlAsIso8601: P3D, lockDurationAsIso8601: soon}
  emulator: {profile: slow}
steps: []
`, `t.yaml:4:23: maxDeliveryCount: want a whole number from 1 to 1000000, got "0"
t.yaml:5:58: lockDurationAsIso8601: want a positive ISO-8601 duration such as PT1H, PT30S or P2D, got "soon"`},
		{"hub ranges once decoded", `scenario: s
hub:
  cloudToDevice:
    maxDeliveryCount: 101
    feedback: {ttlAsIso8601: P3D}
  emulator: {profile: slow, lockDuration: 5ms}
steps: []
`, `t.yaml:4:5: cloudToDevice.maxDeliveryCount: 101 is out of range (1 to 100)
t.yaml:5:16: cloudToDevice.feedback.ttlAsIso8601: P3D is out of range (PT1M to P2D)
t.yaml:6:14: emulator.profile: unknown profile "slow" (want fast or azure)
t.yaml:6:29: emulator.lockDuration: PT0.005S is out of range (PT0.01S to PT1H)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{ReadFile: func(string) ([]byte, error) { return nil, errNoSuchFile }}
			if got := parseProblems(t, tt.src, opts); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

var errNoSuchFile = errors.New("no such file or directory")

func TestNoScenario(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "---\n---\n"} {
		if got := parseProblems(t, src, Options{}); got != "t.yaml: no scenario in the file" {
			t.Errorf("Parse(%q) problems %q", src, got)
		}
	}
}

func TestSeveralDocuments(t *testing.T) {
	src := "scenario: one\nsteps: []\n---\nscenario: two\ntags: [b]\nsteps: []\n"
	scs, err := Parse("t.yaml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 2 || scs[0].Name != "one" || scs[1].Name != "two" || scs[1].At.Line != 4 {
		t.Errorf("got %d scenarios; want one (line 1) and two (line 4)", len(scs))
	}
	_, err = Parse("t.yaml", []byte(src+"---\nscenario: three\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), "t.yaml:8:1: scenario: steps is required") {
		t.Errorf("a bad third document: error %v", err)
	}
}
