package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/runner/specs"
)

// junitTotals is the root of a JUnit report, as far as the tests read it.
type junitTotals struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

func readJUnit(t *testing.T, path string) junitTotals {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j junitTotals
	if err := xml.Unmarshal(data, &j); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return j
}

// exampleCount is how many scenarios scenarios/ holds.
func exampleCount(t *testing.T) int {
	t.Helper()
	files, err := specs.Find([]string{"../../scenarios"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		scs, err := specs.Load(f, specs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		n += len(scs)
	}
	return n
}

// TestRunExamples is the main job: every example passes on the embedded hub, exit 0,
// and the reports count them all.
func TestRunExamples(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junit, report := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
	code, stdout, stderr := runCLI(cliCase{args: []string{"run", "--junit", junit, "--json", report, "../../scenarios"}})
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	n := exampleCount(t)
	if j := readJUnit(t, junit); j != (junitTotals{Tests: n}) {
		t.Errorf("JUnit totals %+v, want %d tests, all passed", j, n)
	}
	checkJUnitRules(t, readFile(t, junit))
	var js struct{ OK bool }
	data, _ := os.ReadFile(report)
	if err := json.Unmarshal(data, &js); err != nil || !js.OK {
		t.Errorf("JSON report ok = %v (%v)", js.OK, err)
	}
	if !strings.Contains(stdout, "passed, 0 failed, 0 errors") || !strings.Contains(stdout, "send → feedback") {
		t.Errorf("the summary lacks the counts or the latencies:\n%s", stdout)
	}
}

// TestRunAgainstHubCommand: every example also passes against `hubspec hub` started
// apart, reached only through the lines it prints (connection string, CA file,
// addresses), with its devices provisioned and deleted; no output and no report shows
// the hub's key.
func TestRunAgainstHubCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := filepath.Join(dir, "hub.yaml")
	// The examples assume maxDeliveryCount 5; a one-second lock keeps lock-expiry.yaml short.
	if err := os.WriteFile(config, []byte("cloudToDevice: {maxDeliveryCount: 5}\nemulator: {lockDuration: 1s}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := startHubCommand(t, ctx, "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--state-dir", filepath.Join(dir, "state"), "--config", config)
	defer func() { cancel(); h.wait(t) }()
	junit, report := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
	code, stdout, stderr := runCLI(cliCase{args: []string{"run", "--parallel", "4", "--junit", junit, "--json", report, "../../scenarios"}, env: h.lines})
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if j := readJUnit(t, junit); j != (junitTotals{Tests: exampleCount(t)}) {
		t.Errorf("JUnit totals %+v, want every example passed", j)
	}
	if !strings.Contains(readFile(t, report), `"hub.kind": "real"`) {
		t.Error("the JSON report does not say the hub was a real one")
	}
	if ids := registryDevices(t, h); len(ids) != 0 {
		t.Errorf("devices left on the hub after the run: %v", ids)
	}
	cs := h.lines["IOTHUB_CONNECTION_STRING"]
	key := cs[strings.Index(cs, "SharedAccessKey=")+len("SharedAccessKey="):]
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "junit": readFile(t, junit), "json": readFile(t, report)} {
		if strings.Contains(text, key) || strings.Contains(text, "SharedAccessKey=") || strings.Contains(text, "sig=") {
			t.Errorf("%s shows a secret", name)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// registryDevices lists the ids in the hub's registry (GET /devices), trusting the
// printed CA only.
func registryDevices(t *testing.T, h *runningHub) []string {
	t.Helper()
	fields := map[string]string{}
	for _, part := range strings.Split(h.lines["IOTHUB_CONNECTION_STRING"], ";") {
		k, v, _ := strings.Cut(part, "=")
		fields[k] = v
	}
	token, err := core.SignToken(fields["HostName"], fields["SharedAccessKeyName"], fields["SharedAccessKey"], time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://"+h.lines["IOTHUB_HTTPS_ADDR"]+"/devices?api-version=2021-04-12", nil)
	req.Header.Set("Authorization", token)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: trustCA(t, h.lines["IOTHUB_CA_FILE"])}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var devices []struct{ DeviceID string }
	if err := json.NewDecoder(resp.Body).Decode(&devices); err != nil {
		t.Fatalf("device list: %v", err)
	}
	ids := make([]string, len(devices))
	for i, d := range devices {
		ids[i] = d.DeviceID
	}
	return ids
}

// trustCA is a TLS configuration trusting only the CA in file, for the hub's name.
func trustCA(t *testing.T, file string) *tls.Config {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM([]byte(readFile(t, file))) {
		t.Fatalf("%s holds no certificate", file)
	}
	return &tls.Config{RootCAs: pool, ServerName: "localhost"}
}
