package hub

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/nodetest"
)

// The official Azure IoT Node SDKs, unmodified, against the embedded hub: the
// scripts in test/node/sdk run azure-iothub, azure-iot-device and
// azure-iot-device-amqp from test/node/node_modules (npm ci --prefix
// test/node) and print a JSON verdict of named checks.

// runNode runs a script of test/node/sdk with the hub's CA trusted through
// NODE_EXTRA_CA_CERTS and checks that every named check ran and passed.
func (h *testHub) runNode(peers nodetest.Peers, script string, env map[string]string, want []string) {
	h.t.Helper()
	ca := filepath.Join(h.t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, h.CAPEM(), 0o644); err != nil {
		h.t.Fatal(err)
	}
	env["NODE_EXTRA_CA_CERTS"] = ca
	peers.Run(h.t, filepath.Join("sdk", script), env).Check(h.t, want...)
}

// withPort rewrites HostName=host to HostName=host:port, as the Node SDKs
// take a custom AMQP port (spec §10.2).
func withPort(cs, addr string) string {
	_, port, _ := strings.Cut(addr, ":")
	return strings.Replace(cs, "HostName=localhost;", "HostName=localhost:"+port+";", 1)
}

func TestNodeSDKSendReceiveFeedback(t *testing.T) {
	peers := nodetest.Require(t, "azure-iothub")
	h := startHub(t, Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 2}}})
	dev, _ := h.AddDevice("node-device")
	h.runNode(peers, "c2d.js", map[string]string{
		"IOTHUB_CONNECTION_STRING": withPort(h.ConnectionString(), h.AMQPAddr()),
		"DEVICE_CONNECTION_STRING": withPort(dev, h.AMQPAddr()),
	}, []string{
		"send resolves MessageEnqueued", "device receives messageId (a UUID)", "device receives the application properties",
		"device receives expiryTimeUtc", "complete resolves MessageCompleted", "reject resolves MessageRejected",
		"abandon 2 resolves MessageAbandoned", "feedback Success for c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f",
		"feedback Rejected for to-reject", "feedback DeliveryCountExceeded for to-abandon", "clients close",
	})
}

func TestNodeSDKErrors(t *testing.T) {
	peers := nodetest.Require(t, "azure-iothub")
	h := startHub(t, Options{})
	dev, _ := h.AddDevice("node-device")
	h.device("full-device")
	h.device("spare-device")
	h.runNode(peers, "errors.js", map[string]string{
		"IOTHUB_CONNECTION_STRING": withPort(h.ConnectionString(), h.AMQPAddr()),
		"DEVICE_CONNECTION_STRING": withPort(dev, h.AMQPAddr()),
		"FULL_DEVICE_ID":           "full-device",
		"SPARE_DEVICE_ID":          "spare-device",
	}, []string{
		"send to an unknown device is DeviceNotFoundError", "the 51st message is DeviceMaximumQueueDepthExceededError",
		"a message over 64 KiB is MessageTooLargeError", "the sender still works after the refusals",
		"a service with a bad key is UnauthorizedError", "a device with a bad key is UnauthorizedError",
	})
}

// The Registry of azure-iothub reaches HTTPS on port 443 only (spec §10.3):
// the hub listens on 127.0.0.1:443 when it may; otherwise the script
// redirects the SDK's agent to the hub's port.
func TestNodeSDKRegistry(t *testing.T) {
	peers := nodetest.Require(t, "azure-iothub")
	env := map[string]string{}
	s, err := Start(context.Background(), Options{HTTPSAddr: "127.0.0.1:443"})
	if err != nil {
		t.Logf("cannot listen on 127.0.0.1:443 (%v): using the agent override", err)
		s, err = Start(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, port, _ := strings.Cut(s.HTTPSAddr(), ":")
		env["IOTHUB_HTTPS_PORT"] = port
	}
	defer s.Close()
	h := &testHub{Server: s, t: t, ctx: context.Background()}
	env["IOTHUB_CONNECTION_STRING"] = s.ConnectionString()
	h.runNode(peers, "registry.js", env, []string{
		"create generates keys", "create returns an 18-digit generationId", "get returns the device",
		"create of an existing id is DeviceAlreadyExistsError", "get of a missing device is DeviceNotFoundError",
		"delete succeeds", "get after delete is DeviceNotFoundError",
	})
}
