package runner_test

import (
	"strings"
	"testing"

	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
)

// TestMQTTAndAMQPDevices: MQTT devices (a connection each) and AMQP devices (shared
// connections) in one fleet on the embedded hub: receive in order with properties,
// complete by PUBACK, ignore until the lock expires, disconnect and reconnect; the AMQP
// devices reject.
func TestMQTTAndAMQPDevices(t *testing.T) {
	t.Parallel()
	c := runEmbedded(t, parse(t, `
scenario: MQTT and AMQP devices side by side
hub: {emulator: {lockDuration: 500ms}}
fleet:
  - {group: sensors, id: "mqtt-{n}", count: 3, transport: mqtt}
  - {group: valves, id: "amqp-{n}", count: 2, settle: reject}
  - {group: lazy, id: "lazy-{n}", transport: mqtt, settle: [ignore, complete]}
steps:
  - send: {id: s, group: sensors, count: 2, messageId: "s-{run}-{device}-{i}", properties: {k: v}, ack: full}
  - send: {id: v, group: valves, messageId: "v-{run}-{device}", ack: full}
  - send: {id: l, group: lazy, messageId: "l-{run}-{device}", ack: full}
  - receives: {group: sensors, count: 2, order: sent, messages: [{properties: {k: v}}]}
  - feedback: {send: s, status: Success}
  - feedback: {send: v, status: Rejected}
  - dispositions: {group: lazy, ignore: 1, complete: 1}
  - feedback: {send: l, status: Success}
  - disconnect: {group: sensors}
  - send: {id: later, group: sensors, messageId: "later-{run}-{device}", ack: full}
  - queued: {group: sensors, count: 1}
  - connect: {group: sensors}
  - feedback: {send: later, status: Success}
`))
	wantCase(t, c, report.Passed)
}

// TestMQTTPropertiesIntact: properties whose names and values need percent-encoding in
// the MQTT topic (/ & = % + # ? spaces, non-ASCII) and every system property reach MQTT
// devices as sent; the devices complete by PUBACK and the service gets Success. The
// ledger shows the PUBACK, and no delivery count (none travels over MQTT).
func TestMQTTPropertiesIntact(t *testing.T) {
	t.Parallel()
	c := runEmbedded(t, parse(t, `
scenario: Properties that need encoding reach MQTT devices intact
fleet:
  - {group: meters, id: "meter-{n}", count: 2, transport: mqtt}
steps:
  - send:
      id: tricky
      group: meters
      messageId: "t-{run}-{device}:%+#?=!"
      correlationId: "job 42/ä&x=1"
      contentType: "application/json; charset=utf-8"
      contentEncoding: utf-8
      ack: full
      properties: &tricky
        "path/to": "a/b/c"
        "q&a": "x=1&y=2"
        "with space": "two  words "
        "ünï": "日本語 ✓"
        "pct%": "100%+#?"
        "empty": ""
      body: {json: {a: "x/y"}}
  - receives:
      group: meters
      count: 1
      messages:
        - messageId: "t-{run}-{device}:%+#?=!"
          correlationId: "job 42/ä&x=1"
          contentType: "application/json; charset=utf-8"
          contentEncoding: utf-8
          ack: full
          to: "/devices/{device}/messages/devicebound"
          properties: *tricky
          body: {json: {a: "x/y"}}
  - dispositions: {group: meters, complete: 2}
  - feedback: {send: tricky, status: Success}
`))
	wantCase(t, c, report.Passed)
	for _, want := range []string{"delivered to meter-1 over MQTT", "complete (PUBACK) by meter-2", "feedback Success 2"} {
		if !strings.Contains(c.Timeline, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, c.Timeline)
		}
	}
	if strings.Contains(c.Timeline, "delivery count") {
		t.Errorf("the timeline shows a delivery count for MQTT deliveries:\n%s", c.Timeline)
	}
}

// TestMQTTRedeliveryAfterReconnect: an MQTT device that goes offline holding a message it
// has not acknowledged gets it again when it reconnects (the hub puts it back when the
// connection ends), with what was sent meanwhile; every message is accounted for.
func TestMQTTRedeliveryAfterReconnect(t *testing.T) {
	t.Parallel()
	c := runEmbedded(t, parse(t, `
scenario: An MQTT device gets its queue back after reconnecting
fleet:
  - id: tracker-1
    transport: mqtt
    rules: [{when: {properties: {hold: "yes"}}, settle: [ignore, complete]}]
steps:
  - send: {id: held, device: tracker-1, messageId: "held-{run}", properties: {hold: "yes"}, ack: full}
  - dispositions: {device: tracker-1, ignore: 1}
  - disconnect: {device: tracker-1}
  - send: {id: away, device: tracker-1, messageId: "away-{run}", ack: full}
  - queued: {device: tracker-1, count: 2}
  - connect: {device: tracker-1}
  - receives: {device: tracker-1, count: 2, messages: [{messageId: "held-{run}"}, {messageId: "away-{run}"}]}
  - feedback: {send: held, status: Success}
  - feedback: {send: away, status: Success}
  - dispositions: {device: tracker-1, ignore: 1, complete: 2}
`))
	wantCase(t, c, report.Passed)
}

// TestDeliveryCountOnMQTTExplained: a deliveryCount expectation on an MQTT device, which
// validation refuses, fails with the reason when a Go caller runs it unchecked, rather
// than comparing with a zero the hub never sent.
func TestDeliveryCountOnMQTTExplained(t *testing.T) {
	t.Parallel()
	sc := parse(t, `
scenario: deliveryCount over MQTT
fleet: [{id: m-1, transport: mqtt}]
steps:
  - send: {device: m-1, messageId: "m-{run}"}
  - receives: {device: m-1, count: 1, within: 500ms, messages: [{messageId: "m-{run}"}]}
`)
	if ps := runner.Check(sc, runner.CheckOptions{}); len(ps) != 0 {
		t.Fatal(ps)
	}
	any := runner.AtLeast(0)
	sc.Steps[1].(*runner.ExpectReceive).Messages[0].DeliveryCount = &any
	if ps := runner.Check(sc, runner.CheckOptions{}); len(ps) != 1 || !strings.Contains(ps[0].Msg, "deliveryCount cannot be observed on device m-1") {
		t.Errorf("Check = %v, want the deliveryCount refused", ps)
	}
	c := runEmbedded(t, sc)
	wantCase(t, c, report.Failed, "deliveryCount: want at least 0, but the delivery count does not travel over MQTT")
}
