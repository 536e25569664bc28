package runner

import (
	"strings"
	"testing"
)

// mixedFleet is a scenario with an AMQP group and an MQTT group, both online, and a
// send to each (ack full).
func mixedFleet(t *testing.T) *Scenario {
	amqpID, _ := ParseTemplate("valve-{n}", FleetPlaces)
	mqttID, _ := ParseTemplate("meter-{n}", FleetPlaces)
	return &Scenario{
		Name: "mixed", At: line(1),
		Fleet: []*Group{
			{At: line(2), Name: "valves", ID: amqpID, Count: 2, Transport: AMQP},
			{At: line(3), Name: "meters", ID: mqttID, Count: 2, Transport: MQTT},
		},
		Steps: []Step{
			&Send{At: line(4), Label: "v", To: Selector{At: line(4), Group: "valves"}, Count: 1,
				MessageID: tpl(t, "v-{run}-{device}"), Ack: AckFull, Outcome: Accepted},
			&Send{At: line(5), Label: "m", To: Selector{At: line(5), Group: "meters"}, Count: 1,
				MessageID: tpl(t, "m-{run}-{device}"), Ack: AckFull, Outcome: Accepted},
		},
	}
}

func atLeast1() *Count { c := AtLeast(1); return &c }

// TestCheckMQTT: what an MQTT device cannot do is refused where it is written, with the
// reason; the same on AMQP devices, or on a mixed selection where AMQP devices can do
// it, is allowed.
func TestCheckMQTT(t *testing.T) {
	tests := []struct {
		name   string
		change func(sc *Scenario)
		want   string // "" for no problem
	}{
		{"reject over MQTT", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Default = Settlement{At: line(30), Sequence: []Disposition{Reject}}
		}, `c2d.feature:30: group "meters" uses MQTT, which cannot reject: over MQTT a device acknowledges (PUBACK)`},
		{"abandon then complete over MQTT", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Default = Settlement{At: line(30), Sequence: []Disposition{Abandon, Complete}}
		}, `c2d.feature:30: group "meters" uses MQTT, which cannot abandon`},
		{"ignore then complete over MQTT", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Default = Settlement{At: line(30), Sequence: []Disposition{Ignore, Complete}}
		}, ""},
		{"reject over AMQP", func(sc *Scenario) {
			sc.Fleet[0].Behaviour.Default = Settlement{At: line(30), Sequence: []Disposition{Reject}}
		}, ""},
		{"a rule on the delivery count of an MQTT group", func(sc *Scenario) {
			sc.Fleet[1].Behaviour.Rules = []Rule{{At: line(31), When: MessageMatch{At: line(32), DeliveryCount: atLeast1()},
				Then: Settlement{At: line(33), Sequence: []Disposition{Complete}}}}
		}, `c2d.feature:32: group "meters" uses MQTT, where the delivery count does not travel, so a rule cannot match deliveryCount`},
		{"a rule on the delivery count of an AMQP group", func(sc *Scenario) {
			sc.Fleet[0].Behaviour.Rules = []Rule{{At: line(31), When: MessageMatch{At: line(32), DeliveryCount: atLeast1()},
				Then: Settlement{At: line(33), Sequence: []Disposition{Reject}}}}
		}, ""},
		{"deliveryCount expected of an MQTT device, at its key", func(sc *Scenario) {
			mm := MessageMatch{At: line(40), Keys: KeyPos{"deliveryCount": line(41)}, DeliveryCount: atLeast1()}
			sc.Steps = append(sc.Steps, &ExpectReceive{At: line(39), Devices: Selector{At: line(39), All: true}, Count: AtLeast(1), Messages: []MessageMatch{mm}})
		}, "c2d.feature:41: deliveryCount cannot be observed on device meter-1: it uses MQTT, where the delivery count does not travel"},
		{"deliveryCount expected of AMQP devices", func(sc *Scenario) {
			mm := MessageMatch{At: line(40), DeliveryCount: atLeast1()}
			sc.Steps = append(sc.Steps, &ExpectReceive{At: line(39), Devices: Selector{At: line(39), Group: "valves"}, Count: AtLeast(1), Messages: []MessageMatch{mm}})
		}, ""},
		{"Rejected feedback for an MQTT device's messages", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedback{At: line(42), Messages: MessageSet{Send: "m"}, Status: Rejected})
		}, `c2d.feature:42: feedback Rejected is expected for the messages of send "m", but device meter-1 uses MQTT: it cannot reject, so IoT Hub never sends Rejected for its messages`},
		{"Rejected feedback for every message, some sent over MQTT", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedback{At: line(42), Messages: MessageSet{}, Status: Rejected})
		}, "c2d.feature:42: feedback Rejected is expected for every message sent, but device meter-1 uses MQTT"},
		{"Rejected feedback for the AMQP devices of every message", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedback{At: line(42), Messages: MessageSet{Devices: Selector{At: line(42), Group: "valves"}}, Status: Rejected})
		}, ""},
		{"DeliveryCountExceeded counted for MQTT messages only", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedbackCounts{At: line(43), Messages: MessageSet{Send: "m"}, Counts: map[FeedbackStatus]Count{DeliveryCountExceeded: AtLeast(1)}})
		}, "c2d.feature:43: feedback DeliveryCountExceeded is expected for the messages of send \"m\", but device meter-1 uses MQTT: it cannot abandon"},
		{"Rejected counted among every message: the AMQP ones can", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedbackCounts{At: line(43), Messages: MessageSet{}, Counts: map[FeedbackStatus]Count{Rejected: AtLeast(1), Success: AtLeast(1)}})
		}, ""},
		{"no Rejected feedback from MQTT devices is fine", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectFeedbackCounts{At: line(43), Messages: MessageSet{Send: "m"}, Counts: map[FeedbackStatus]Count{Rejected: Exactly(0)}})
		}, ""},
		{"rejects counted for MQTT devices", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectDispositions{At: line(44), Devices: Selector{At: line(44), Group: "meters"}, Counts: map[Disposition]Count{Reject: AtLeast(1)}})
		}, "c2d.feature:44: group meters cannot reject: its devices use MQTT"},
		{"rejects counted for all devices: the AMQP ones can", func(sc *Scenario) {
			sc.Steps = append(sc.Steps, &ExpectDispositions{At: line(44), Devices: Selector{At: line(44), All: true}, Counts: map[Disposition]Count{Reject: AtLeast(1)}})
		}, ""},
		{"'#' in an MQTT device id", func(sc *Scenario) {
			sc.Fleet[1].ID, _ = ParseTemplate("meter#{n}", FleetPlaces)
			sc.Steps = sc.Steps[:1]
		}, `c2d.feature:3: device id "meter#1" holds '#', a wildcard in MQTT topic filters`},
		{"'#' in an AMQP device id", func(sc *Scenario) {
			sc.Fleet[0].ID, _ = ParseTemplate("valve#{n}", FleetPlaces)
			sc.Steps = sc.Steps[1:]
		}, ""},
		{"a property named as an MQTT system property", func(sc *Scenario) {
			sc.Steps[1].(*Send).Properties = []Property{{Name: "$.mid", Value: Literal("x")}}
		}, `c2d.feature:5: property "$.mid" cannot reach MQTT device meter-1: in the MQTT topic's property bag $.mid is the message id`},
		{"the same property to AMQP devices", func(sc *Scenario) {
			sc.Steps[0].(*Send).Properties = []Property{{Name: "$.mid", Value: Literal("x")}}
		}, ""},
		{"properties too long for an MQTT topic once percent-encoded", func(sc *Scenario) {
			sc.Steps[1].(*Send).Properties = []Property{{Name: "note", Value: Literal(strings.Repeat("é", 11_000))}}
		}, "c2d.feature:5: the properties of these messages take 66"},
		{"the same properties to AMQP devices", func(sc *Scenario) {
			sc.Steps[0].(*Send).Properties = []Property{{Name: "note", Value: Literal(strings.Repeat("é", 11_000))}}
		}, ""},
		{"properties that fit an MQTT topic", func(sc *Scenario) {
			sc.Steps[1].(*Send).Properties = []Property{{Name: "note", Value: Literal(strings.Repeat("é", 10_000))}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mixedFleet(t)
			tt.change(sc)
			ps := Check(sc, CheckOptions{})
			switch {
			case tt.want == "" && len(ps) > 0:
				t.Errorf("Check found problems in a scenario MQTT can run:\n%v", ps)
			case tt.want != "" && (len(ps) != 1 || !strings.Contains(ps.Error(), tt.want)):
				t.Errorf("Check found:\n%v\nwant one problem containing %q", ps, tt.want)
			}
		})
	}
}

// TestMQTTTopicBytes: the estimate counts what the hub writes, percent-encoded.
func TestMQTTTopicBytes(t *testing.T) {
	g := &Group{Name: "g", ID: Literal("d"), Count: 1, Transport: MQTT}
	s := &Send{MessageID: Literal("m/1"), Ack: AckFull, Properties: []Property{{Name: "k k", Value: Literal("é")}}}
	want := len("devices/d/messages/devicebound/%24.exp=2030-01-01T00%3A00%3A00.0000000Z&%24.mid=m%2F1" +
		"&%24.to=%2Fdevices%2Fd%2Fmessages%2Fdevicebound&iothub-ack=full&k%20k=%C3%A9")
	if got := mqttTopicBytes(s, g.Devices()[0], runSample); got != want {
		t.Errorf("mqttTopicBytes = %d, want %d", got, want)
	}
}
