package main

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/internal/nodetest"
)

// The official MQTT device transport of the Node SDK against `hubspec hub`,
// reached only through the lines the hub prints, as a user would export
// hub.env: test/node/sdk/mqtt.js creates a device with the Registry, sends
// over AMQP, receives over MQTT with every property, completes, meets
// NotImplementedError on reject and abandon, and reads Success feedback.
// Without the Node peers the test skips, unless HUBSPEC_NODE_TESTS=required.
func TestHubCommandNodeSDKOverMQTT(t *testing.T) {
	peers := nodetest.Require(t, "azure-iot-device-mqtt")
	ctx, cancel := context.WithCancel(context.Background())
	h := startHubCommand(t, ctx, "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--mqtt", "127.0.0.1:0", "--state-dir", t.TempDir())
	defer func() { cancel(); h.wait(t) }()
	env := maps.Clone(h.lines)
	env["NODE_EXTRA_CA_CERTS"] = h.lines["IOTHUB_CA_FILE"] // trust the printed CA
	v := peers.Run(t, "sdk/mqtt.js", env)
	want := []string{
		"device opens over MQTT", "send resolves MessageEnqueued", "device receives messageId (a UUID)",
		"device receives correlationId with /, &, = and a space", "device receives expiryTimeUtc",
		"iothub-ack arrives as a custom property", "device receives the application properties that need percent-encoding",
		"complete resolves MessageCompleted", "reject is NotImplementedError over MQTT", "abandon is NotImplementedError over MQTT",
		"feedback Success for 6c0e8b1e-3b9f-4e43-9a4f-2d1c5b7e9a10", "feedback Success for not-rejectable",
		"clients close and the device is deleted",
	}
	v.Check(t, want...)
	if !strings.Contains(h.stderr.String(), "MQTT device connected") {
		t.Errorf("the hub's log shows no MQTT connection:\n%s", h.stderr)
	}
}
