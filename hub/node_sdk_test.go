package hub

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
)

// The official Azure IoT Node SDKs, unmodified, against the embedded hub: the
// scripts in test/node/sdk run azure-iothub, azure-iot-device and
// azure-iot-device-amqp from test/node/node_modules (npm ci --prefix
// test/node) and print a JSON verdict of named checks.

const nodeDir = "../test/node"

// requireNode skips the test when the Node peers are not installed, or fails
// it when HUBSPEC_NODE_TESTS=required (scripts/test.sh sets it).
func requireNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(nodeDir, "node_modules", "azure-iothub"))
	if err == nil && modErr == nil {
		return node
	}
	msg := "the Node SDK peers are missing: run npm ci --prefix test/node (and install Node 20)"
	if os.Getenv("HUBSPEC_NODE_TESTS") == "required" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// nodeVerdict is what a script prints.
type nodeVerdict struct {
	Script string `json:"script"`
	OK     bool   `json:"ok"`
	Error  string `json:"error"`
	Checks []struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Detail string `json:"detail"`
	} `json:"checks"`
}

// runNode runs a script with the hub's CA trusted through NODE_EXTRA_CA_CERTS
// and checks that every named check ran and passed.
func (h *testHub) runNode(node, script string, env map[string]string, want []string) {
	h.t.Helper()
	ca := filepath.Join(h.t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, h.CAPEM(), 0o644); err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(nodeDir, "sdk", script))
	cmd.Env = append(os.Environ(), "NODE_EXTRA_CA_CERTS="+ca)
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, _ := cmd.Output()
	h.checkVerdict(script, out, stderr.String(), want)
}

func (h *testHub) checkVerdict(script string, out []byte, stderr string, want []string) {
	h.t.Helper()
	var v nodeVerdict
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &v); err != nil {
		h.t.Fatalf("%s printed no verdict: %v\nstdout:\n%s\nstderr:\n%s", script, err, out, stderr)
	}
	ran := map[string]bool{}
	for _, c := range v.Checks {
		ran[c.Name] = true
		if !c.OK {
			h.t.Errorf("%s: %s: %s", script, c.Name, c.Detail)
		}
	}
	for _, name := range want {
		if !ran[name] {
			h.t.Errorf("%s: check %q did not run", script, name)
		}
	}
	if v.Error != "" {
		h.t.Errorf("%s stopped: %s\nstderr:\n%s", script, v.Error, stderr)
	}
}

// withPort rewrites HostName=host to HostName=host:port, as the Node SDKs
// take a custom AMQP port (spec §10.2).
func withPort(cs, addr string) string {
	_, port, _ := strings.Cut(addr, ":")
	return strings.Replace(cs, "HostName=localhost;", "HostName=localhost:"+port+";", 1)
}

func TestNodeSDKSendReceiveFeedback(t *testing.T) {
	node := requireNode(t)
	h := startHub(t, Options{Config: core.Config{CloudToDevice: core.CloudToDevice{MaxDeliveryCount: 2}}})
	dev, _ := h.AddDevice("node-device")
	h.runNode(node, "c2d.js", map[string]string{
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
	node := requireNode(t)
	h := startHub(t, Options{})
	dev, _ := h.AddDevice("node-device")
	h.device("full-device")
	h.device("spare-device")
	h.runNode(node, "errors.js", map[string]string{
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
	node := requireNode(t)
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
	h.runNode(node, "registry.js", env, []string{
		"create generates keys", "create returns an 18-digit generationId", "get returns the device",
		"create of an existing id is DeviceAlreadyExistsError", "get of a missing device is DeviceNotFoundError",
		"delete succeeds", "get after delete is DeviceNotFoundError",
	})
}
