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
	ctx, cancel := context.WithCancel(context.Background())
	// The examples assume maxDeliveryCount 5 and a lock that outlasts a device's work, as
	// Azure's one minute does; lock-expiry.yaml gets a hub of its own with a one-second lock.
	h := startConfiguredHub(t, ctx, dir, "main", "cloudToDevice: {maxDeliveryCount: 5}\n")
	short := startConfiguredHub(t, ctx, dir, "short", "cloudToDevice: {maxDeliveryCount: 5}\nemulator: {lockDuration: 1s}\n")
	defer func() {
		cancel()
		h.wait(t)
		short.wait(t)
	}()
	files, err := filepath.Glob("../../scenarios/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rest []string
	for _, f := range files {
		if filepath.Base(f) != "lock-expiry.yaml" {
			rest = append(rest, f)
		}
	}
	junit, report := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
	code, stdout, stderr := runCLI(cliCase{args: append([]string{"run", "--parallel", "4", "--junit", junit, "--json", report}, rest...), env: h.lines})
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	junit2 := filepath.Join(dir, "junit2.xml")
	code, stdout2, stderr2 := runCLI(cliCase{args: []string{"run", "--junit", junit2, "../../scenarios/lock-expiry.yaml"}, env: short.lines})
	if code != exitOK {
		t.Fatalf("lock-expiry: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout2, stderr2)
	}
	j, j2 := readJUnit(t, junit), readJUnit(t, junit2)
	if j.Tests+j2.Tests != exampleCount(t) || j.Failures+j.Errors+j2.Failures+j2.Errors != 0 {
		t.Errorf("JUnit totals %+v and %+v, want every example passed", j, j2)
	}
	if !strings.Contains(readFile(t, report), `"hub.kind": "real"`) {
		t.Error("the JSON report does not say the hub was a real one")
	}
	for _, hub := range []*runningHub{h, short} {
		if ids := registryDevices(t, hub); len(ids) != 0 {
			t.Errorf("devices left on the hub after the run: %v", ids)
		}
	}
	cs := h.lines["IOTHUB_CONNECTION_STRING"]
	key := cs[strings.Index(cs, "SharedAccessKey=")+len("SharedAccessKey="):]
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "junit": readFile(t, junit), "json": readFile(t, report)} {
		if strings.Contains(text, key) || strings.Contains(text, "SharedAccessKey=") || strings.Contains(text, "sig=") {
			t.Errorf("%s shows a secret", name)
		}
	}
}

// startConfiguredHub runs `hubspec hub` with the configuration given, in a state folder
// of its own under dir.
func startConfiguredHub(t *testing.T, ctx context.Context, dir, name, config string) *runningHub {
	t.Helper()
	file := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(file, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return startHubCommand(t, ctx, "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--state-dir", filepath.Join(dir, name), "--config", file)
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
