package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeDir holds the official Azure IoT Node SDKs (npm ci --prefix test/node).
const nodeDir = "../../test/node"

// The official MQTT device transport of the Node SDK against `hubspec hub`,
// reached only through the lines the hub prints, as a user would export
// hub.env: test/node/sdk/mqtt.js creates a device with the Registry, sends
// over AMQP, receives over MQTT with every property, completes, meets
// NotImplementedError on reject and abandon, and reads Success feedback.
// Without the Node peers the test skips, unless HUBSPEC_NODE_TESTS=required.
func TestHubCommandNodeSDKOverMQTT(t *testing.T) {
	node := nodeForTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	h := startHubCommand(t, ctx, "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--mqtt", "127.0.0.1:0", "--state-dir", t.TempDir())
	defer func() { cancel(); h.wait(t) }()
	v := runNodeScript(t, node, "mqtt.js", h.lines)
	want := []string{
		"device opens over MQTT", "send resolves MessageEnqueued", "device receives messageId (a UUID)",
		"device receives correlationId with /, &, = and a space", "device receives expiryTimeUtc",
		"iothub-ack arrives as a custom property", "device receives the application properties that need percent-encoding",
		"complete resolves MessageCompleted", "reject is NotImplementedError over MQTT", "abandon is NotImplementedError over MQTT",
		"feedback Success for 6c0e8b1e-3b9f-4e43-9a4f-2d1c5b7e9a10", "feedback Success for not-rejectable",
		"clients close and the device is deleted",
	}
	v.check(t, want)
	if !strings.Contains(h.stderr.String(), "MQTT device connected") {
		t.Errorf("the hub's log shows no MQTT connection:\n%s", h.stderr)
	}
}

// nodeForTest finds node and the installed SDKs, or skips the test (fails
// it with HUBSPEC_NODE_TESTS=required, as scripts/test.sh sets).
func nodeForTest(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(nodeDir, "node_modules", "azure-iot-device-mqtt"))
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

// scriptVerdict is the JSON line a script of test/node/sdk prints last.
type scriptVerdict struct {
	OK     bool   `json:"ok"`
	Error  string `json:"error"`
	Checks []struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Detail string `json:"detail"`
	} `json:"checks"`
	stderr string
}

// runNodeScript runs a script of test/node/sdk with the hub's printed lines
// as its environment, trusting the printed CA file.
func runNodeScript(t *testing.T, node, script string, lines map[string]string) scriptVerdict {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(nodeDir, "sdk", script))
	cmd.Env = append(os.Environ(), "NODE_EXTRA_CA_CERTS="+lines["IOTHUB_CA_FILE"])
	for k, v := range lines {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, _ := cmd.Output()
	v := scriptVerdict{stderr: stderr.String()}
	last := out[strings.LastIndexByte(strings.TrimSpace(string(out)), '\n')+1:]
	if err := json.Unmarshal(last, &v); err != nil {
		t.Fatalf("%s printed no verdict: %v\nstdout:\n%s\nstderr:\n%s", script, err, out, stderr.String())
	}
	return v
}

// check fails the test for each failed check, each wanted check that did not
// run, and a script that stopped early.
func (v scriptVerdict) check(t *testing.T, want []string) {
	t.Helper()
	ran := map[string]bool{}
	for _, c := range v.Checks {
		ran[c.Name] = true
		if !c.OK {
			t.Errorf("%s: %s", c.Name, c.Detail)
		}
	}
	for _, name := range want {
		if !ran[name] {
			t.Errorf("check %q did not run", name)
		}
	}
	if v.Error != "" || !v.OK {
		t.Errorf("the script stopped or failed: %s\nstderr:\n%s", v.Error, v.stderr)
	}
}
