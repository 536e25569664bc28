package runner

import (
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// line is a Gherkin-like position: a file and a line, no column.
func line(n int) Pos { return Pos{File: "features/c2d.feature", Line: n} }

func tpl(t *testing.T, s string) Template { return mustTemplate(t, s) }

// validScenario is built as the Gherkin front end would build one: no key positions.
func validScenario(t *testing.T) *Scenario {
	fleetID, _ := ParseTemplate("thermostat-{n}", FleetPlaces)
	return &Scenario{
		Name: "valid", At: line(1),
		Fleet: []*Group{
			{At: line(2), Name: "thermostats", ID: fleetID, Count: 3, Transport: AMQP},
			{At: line(3), Name: "sensor", ID: Literal("sensor-1"), Count: 1, Transport: MQTT, Offline: true,
				Behaviour: Behaviour{Default: Settlement{At: line(3), Sequence: []Disposition{Complete}}}},
		},
		Steps: []Step{
			&Send{At: line(4), Label: "s1", To: Selector{At: line(4), Group: "thermostats"}, Count: 2,
				MessageID: tpl(t, "m-{run}-{device}-{i}"), Ack: AckFull, Outcome: Accepted},
			&ExpectReceive{At: line(5), Devices: Selector{At: line(5), All: true}, Count: AtLeast(0)},
			&ExpectFeedback{At: line(6), Messages: MessageSet{Send: "s1"}, Status: Success},
			&Connect{At: line(7), Devices: Selector{At: line(7), Device: "sensor-1"}},
			&Send{At: line(8), To: Selector{At: line(8), Device: "ghost"}, Count: 1, MessageID: tpl(t, "g-{run}"), Outcome: DeviceNotFound},
			&Wait{At: line(9), For: time.Second, Reason: "let the hub settle"},
		},
	}
}

func TestCheckValid(t *testing.T) {
	if ps := Check(validScenario(t), CheckOptions{}); len(ps) != 0 {
		t.Errorf("Check found problems in a valid scenario:\n%v", ps)
	}
	if ps := Check(validScenario(t), CheckOptions{RealHub: true}); len(ps) != 0 {
		t.Errorf("Check for a real hub found problems in a valid scenario:\n%v", ps)
	}
}

func TestCheckFindsImpossibleCombinations(t *testing.T) {
	tests := []struct {
		name   string
		change func(sc *Scenario)
		opts   CheckOptions
		want   string // "file:line: message" fragment
	}{
		{"reject over MQTT", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Default.Sequence = []Disposition{Complete, Reject}
		}, CheckOptions{}, `features/c2d.feature:3: group "sensor" uses MQTT, which cannot reject`},
		{"abandon over MQTT in a rule", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Rules = []Rule{{At: line(30), Then: Settlement{At: line(31), Sequence: []Disposition{Abandon}}}}
		}, CheckOptions{}, `c2d.feature:31: group "sensor" uses MQTT, which cannot abandon`},
		{"feedback for ack none", func(sc *Scenario) {
			sc.Steps[0].(*Send).Ack = AckNone
		}, CheckOptions{}, "c2d.feature:6: feedback Success is expected, but the send at line 4 uses ack none"},
		{"Rejected for ack positive", func(sc *Scenario) {
			sc.Steps[2].(*ExpectFeedback).Status = Rejected
			sc.Steps[0].(*Send).Ack = AckPositive
		}, CheckOptions{}, "Rejected needs ack negative or full"},
		{"feedback within shorter than Azure's batching", func(sc *Scenario) {
			sc.Steps[2].(*ExpectFeedback).Within = 5 * time.Second
		}, CheckOptions{RealHub: true}, "feedback within 5s cannot be relied on: IoT Hub may hold a feedback record for up to 15s"},
		{"feedback within shorter than the emulator's batching", func(sc *Scenario) {
			sc.Steps[2].(*ExpectFeedback).Within = 50 * time.Millisecond
		}, CheckOptions{}, "the embedded hub (emulator.feedbackBatchInterval) may hold a feedback record for up to 100ms"},
		{"scenario within applies to feedback", func(sc *Scenario) {
			sc.Within = 3 * time.Second
		}, CheckOptions{RealHub: true}, "feedback within 3s"},
		{"unknown device without DeviceNotFound", func(sc *Scenario) {
			sc.Steps[4].(*Send).Outcome = Accepted
		}, CheckOptions{}, `there is no device "ghost" in the fleet; to test an unknown device, expect outcome DeviceNotFound`},
		{"DeviceNotFound for a fleet device", func(sc *Scenario) {
			sc.Steps[4].(*Send).To.Device = "thermostat-2"
		}, CheckOptions{}, "device thermostat-2 is in the fleet, so the hub knows it"},
		{"connect an online device", func(sc *Scenario) {
			sc.Steps[3].(*Connect).Devices = Selector{At: line(7), Device: "thermostat-1"}
		}, CheckOptions{}, "device thermostat-1 is already online here; it cannot connect again"},
		{"receive on an offline device", func(sc *Scenario) {
			sc.Steps[1] = &ExpectReceive{At: line(5), Devices: Selector{At: line(5), Device: "sensor-1"}, Count: Exactly(1)}
		}, CheckOptions{}, "device sensor-1 is offline at this step, so it cannot receive"},
		{"wait without a reason", func(sc *Scenario) {
			sc.Steps[5].(*Wait).Reason = ""
		}, CheckOptions{}, "wait needs a reason"},
		{"same message id for every message", func(sc *Scenario) {
			sc.Steps[0].(*Send).MessageID = tpl(t, "m-{device}")
		}, CheckOptions{}, "gives all 2 messages to a device the same id; number them with {i}"},
		{"same message id for every device", func(sc *Scenario) {
			sc.Steps[0].(*Send).MessageID = tpl(t, "m-{i}")
		}, CheckOptions{}, "gives every device's messages the same ids; add {device}"},
		{"message ids repeat across runs on a real hub", func(sc *Scenario) {
			sc.Steps[4].(*Send).Ack = AckFull
			sc.Steps[4].(*Send).MessageID = Literal("ghost-msg")
		}, CheckOptions{RealHub: true}, "repeats from run to run"},
		{"overflowing an offline queue", func(sc *Scenario) {
			sc.Steps = append(sc.Steps[:3], &Send{At: line(10), To: Selector{Device: "sensor-1"}, Count: 51, MessageID: tpl(t, "q-{i}"), Outcome: Accepted})
		}, CheckOptions{}, "device sensor-1 is offline and would hold 51 messages"},
		{"unknown group", func(sc *Scenario) {
			sc.Steps[1].(*ExpectReceive).Devices = Selector{At: line(5), Group: "thermostat"}
		}, CheckOptions{}, `there is no group "thermostat" in the fleet (groups: "thermostats", "sensor")`},
		{"duplicate device ids", func(sc *Scenario) {
			sc.Fleet[1].ID = Literal("thermostat-2")
		}, CheckOptions{}, `device thermostat-2 is also in group "thermostats"`},
		{"fleet without {n}", func(sc *Scenario) {
			sc.Fleet[0].ID = Literal("thermostat")
		}, CheckOptions{}, "gives all 3 devices the same id"},
		{"invalid device id character", func(sc *Scenario) {
			sc.Fleet[1].ID = Literal("sensor/1")
		}, CheckOptions{}, `IoT Hub allows only ASCII letters, digits and`},
		{"delay outlives the lock", func(sc *Scenario) {
			sc.Fleet[0].Behaviour.Default = Settlement{At: line(2), Delay: 90 * time.Second}
		}, CheckOptions{}, "a delay of 1m30s is not shorter than the hub's C2D lock (1m0s)"},
		{"sequence beyond maxDeliveryCount", func(sc *Scenario) {
			sc.Hub.CloudToDevice.MaxDeliveryCount = 2
			sc.Fleet[0].Behaviour.Default = Settlement{At: line(2), Sequence: []Disposition{Abandon, Abandon, Complete}}
		}, CheckOptions{}, "after 2 abandons (maxDeliveryCount): complete is never reached"},
		{"hub setting out of range", func(sc *Scenario) {
			sc.Hub.CloudToDevice.Feedback.LockDuration = core.Duration(2 * time.Second)
		}, CheckOptions{}, "cloudToDevice.feedback.lockDurationAsIso8601: PT2S is out of range (PT5S to PT5M)"},
		{"body over 64 KiB expected accepted", func(sc *Scenario) {
			sc.Steps[0].(*Send).Body = make([]byte, MaxMessageSize+1)
		}, CheckOptions{}, "expect outcome MessageTooLarge"},
		{"feedback for an unknown send", func(sc *Scenario) {
			sc.Steps[2].(*ExpectFeedback).Messages.Send = "s2"
		}, CheckOptions{}, `there is no send with id "s2" before this step`},
		{"reject counted on MQTT devices", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectDispositions{At: line(11), Devices: Selector{At: line(11), Group: "sensor"}, Counts: map[Disposition]Count{Reject: Exactly(1)}})
		}, CheckOptions{}, "group sensor cannot reject: its devices use MQTT"},
		{"reserved property name", func(sc *Scenario) {
			sc.Steps[0].(*Send).Properties = []Property{{Name: "iothub-ack", Value: Literal("full")}}
		}, CheckOptions{}, "names starting with iothub- are IoT Hub's own"},
		{"ttl and expiry together", func(sc *Scenario) {
			sc.Steps[0].(*Send).TTL = time.Second
			sc.Steps[0].(*Send).Expiry = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		}, CheckOptions{}, "a ttl or an absolute expiry, not both"},
		{"listed order without messages", func(sc *Scenario) {
			sc.Steps[1].(*ExpectReceive).Order = OrderListed
		}, CheckOptions{}, "order: listed needs the messages listed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := validScenario(t)
			tt.change(sc)
			ps := Check(sc, tt.opts)
			if !strings.Contains(ps.Error(), tt.want) {
				t.Errorf("Check found:\n%v\nwant a problem containing %q", ps, tt.want)
			}
		})
	}
}

func TestCheckPointsAtTheKey(t *testing.T) {
	sc := validScenario(t)
	send := sc.Steps[0].(*Send)
	send.Keys = KeyPos{"messageId": {File: "s.yaml", Line: 12, Col: 7}}
	send.MessageID = tpl(t, "m-{device}")
	ps := Check(sc, CheckOptions{})
	if len(ps) != 1 || ps[0].Pos != (Pos{File: "s.yaml", Line: 12, Col: 7}) {
		t.Errorf("Check = %v, want one problem at the messageId key s.yaml:12:7", ps)
	}
}

func TestCheckSortsProblems(t *testing.T) {
	sc := validScenario(t)
	sc.Steps[5].(*Wait).Reason = ""
	sc.Fleet[1].Behaviour.Default.Sequence = []Disposition{Reject}
	ps := Check(sc, CheckOptions{})
	if len(ps) != 2 || ps[0].Pos.Line != 3 || ps[1].Pos.Line != 9 {
		t.Errorf("Check = %v, want the line 3 problem before the line 9 one", ps)
	}
}

// TestCheckWorkIsBounded: a huge fleet times many steps is reported, not walked.
func TestCheckWorkIsBounded(t *testing.T) {
	sc := validScenario(t)
	sc.Steps = nil
	for i := 0; i < 100; i++ {
		sc.Steps = append(sc.Steps,
			&Disconnect{At: line(10 + 2*i), Devices: Selector{At: line(10 + 2*i), Group: "thermostats"}},
			&Connect{At: line(11 + 2*i), Devices: Selector{At: line(11 + 2*i), Group: "thermostats"}})
	}
	if ps := check(sc, CheckOptions{}, 600); len(ps) != 0 {
		t.Fatalf("600 device visits are within the bound, got %v", ps)
	}
	ps := check(sc, CheckOptions{}, 500)
	if len(ps) != 1 || !strings.Contains(ps[0].Msg, "too large to check") || ps[0].Pos.Line != 176 {
		t.Errorf("check = %v, want one 'too large' problem at the step that passes 500 visits (line 176)", ps)
	}
}

// TestCheckOverlappingTemplates: the same id template is a problem only when the sends
// share a device.
func TestCheckOverlappingTemplates(t *testing.T) {
	for _, tt := range []struct {
		a, b Selector
		want bool
	}{
		{Selector{Device: "thermostat-1"}, Selector{Group: "thermostats"}, true},
		{Selector{Device: "thermostat-1"}, Selector{Device: "thermostat-2"}, false},
		{Selector{Group: "sensor"}, Selector{Group: "thermostats"}, false},
		{Selector{All: true}, Selector{Device: "sensor-1"}, true},
		{Selector{Device: "ghost"}, Selector{Group: "thermostats"}, false},
	} {
		sc := validScenario(t)
		sc.Steps = []Step{
			&Send{At: line(20), To: tt.a, Count: 1, MessageID: tpl(t, "x-{device}"), Outcome: AnyOutcome},
			&Send{At: line(21), To: tt.b, Count: 1, MessageID: tpl(t, "x-{device}"), Outcome: AnyOutcome},
		}
		got := strings.Contains(Check(sc, CheckOptions{}).Error(), "gives the same ids as the send at line 20")
		if got != tt.want {
			t.Errorf("%v then %v: same-ids problem %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestCheckFeedbackCountsAcrossAckModes: counting a status over sends with different
// ack modes needs one send that can produce it; expecting it of every message needs all.
func TestCheckFeedbackCountsAcrossAckModes(t *testing.T) {
	build := func(step Step) *Scenario {
		sc := validScenario(t)
		sc.Steps = []Step{
			&Send{At: line(20), Label: "pos", To: Selector{At: line(20), Device: "thermostat-1"}, Count: 1, MessageID: tpl(t, "p-{run}"), Ack: AckPositive, Outcome: Accepted},
			&Send{At: line(21), Label: "neg", To: Selector{At: line(21), Device: "thermostat-2"}, Count: 1, MessageID: tpl(t, "n-{run}"), Ack: AckNegative, Outcome: Accepted},
			step,
		}
		return sc
	}
	for _, tt := range []struct {
		name string
		step Step
		want string
	}{
		{"Success counted over both", &ExpectFeedbackCounts{At: line(22), Counts: map[FeedbackStatus]Count{Success: Exactly(1), Rejected: Exactly(1)}}, ""},
		{"Success of every message", &ExpectFeedback{At: line(22), Status: Success}, "c2d.feature:22: feedback Success is expected, but the send at line 21 uses ack negative"},
		{"Expired counted over sends that cannot", &ExpectFeedbackCounts{At: line(22), Messages: MessageSet{Send: "pos"}, Counts: map[FeedbackStatus]Count{Expired: AtLeast(1)}},
			"c2d.feature:22: feedback Expired is expected, but the send at line 20 uses ack positive"},
	} {
		ps := Check(build(tt.step), CheckOptions{})
		switch {
		case tt.want == "" && len(ps) > 0:
			t.Errorf("%s: %v", tt.name, ps)
		case tt.want != "" && (len(ps) != 1 || !strings.Contains(ps[0].Error(), tt.want)):
			t.Errorf("%s: Check = %v, want %q", tt.name, ps, tt.want)
		}
	}
}
