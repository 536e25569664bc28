package runner_test

import (
	"testing"

	"github.com/hubspec/hubspec/report"
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
