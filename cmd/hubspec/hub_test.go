package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/Azure/go-amqp"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/internal/syncbuf"
)

// runningHub is `hubspec hub` running in-process until stop.
type runningHub struct {
	lines  map[string]string
	stdout string
	stderr *syncbuf.Buffer
	exit   chan int
}

// startHubCommand runs `hubspec hub` with args until "ready". The MQTT head
// listens on a free port unless args say otherwise (a later flag wins), so
// that tests written before it do not take port 8883.
func startHubCommand(t *testing.T, ctx context.Context, args ...string) *runningHub {
	t.Helper()
	pr, pw := io.Pipe()
	h := &runningHub{lines: map[string]string{}, stderr: &syncbuf.Buffer{}, exit: make(chan int, 1)}
	e := &env{stdout: pw, stderr: h.stderr, lookupEnv: func(string) (string, bool) { return "", false }}
	go func() {
		code := Main(ctx, append([]string{"hub", "--mqtt", "127.0.0.1:0"}, args...), e)
		_ = pw.Close()
		h.exit <- code
	}()
	var out strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if sc.Text() == "ready" {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			h.stdout = out.String()
			return h.parse(t)
		}
	}
	t.Fatalf("hubspec hub ended before ready: exit %d\nstdout:\n%s\nstderr:\n%s", <-h.exit, out.String(), h.stderr)
	return nil
}

func (h *runningHub) parse(t *testing.T) *runningHub {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(h.stdout, "ready\n"), "\n") {
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok || !strings.HasPrefix(k, "IOTHUB_") {
			t.Fatalf("unexpected output line %q", l)
		}
		h.lines[k] = v
	}
	return h
}

func (h *runningHub) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-h.exit:
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("hubspec hub did not stop within 20 s")
		return -1
	}
}

// The output contract: five lines in order, then ready; the same lines in
// DIR/hub.env; the CA in DIR/ca.pem; the connection string works over AMQP
// and HTTPS with that CA, and a device it registers connects over MQTT;
// SIGTERM stops the hub cleanly.
func TestHubCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "state")
	h := startHubCommand(t, context.Background(), "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--mqtt", "127.0.0.1:0", "--state-dir", dir, "--profile", "azure")
	order := []string{"IOTHUB_CONNECTION_STRING", "IOTHUB_CA_FILE", "IOTHUB_AMQP_ADDR", "IOTHUB_HTTPS_ADDR", "IOTHUB_MQTT_ADDR"}
	var want strings.Builder
	for _, k := range order {
		want.WriteString(k + "=" + h.lines[k] + "\n")
	}
	if h.stdout != want.String()+"ready\n" {
		t.Errorf("stdout:\n%s\nwant the lines in the order %v, then ready", h.stdout, order)
	}
	if env, _ := os.ReadFile(filepath.Join(dir, "hub.env")); string(env) != want.String() {
		t.Errorf("hub.env:\n%s\nwant the printed lines", env)
	}
	if abs, _ := filepath.Abs(filepath.Join(dir, "ca.pem")); h.lines["IOTHUB_CA_FILE"] != abs {
		t.Errorf("IOTHUB_CA_FILE = %s, want %s", h.lines["IOTHUB_CA_FILE"], abs)
	}
	checkServiceConnects(t, h)
	checkDeviceConnectsOverMQTT(t, h)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := h.wait(t); code != exitOK {
		t.Errorf("exit %d after SIGTERM, want 0; stderr:\n%s", code, h.stderr)
	}
	key := h.lines["IOTHUB_CONNECTION_STRING"][strings.Index(h.lines["IOTHUB_CONNECTION_STRING"], "SharedAccessKey=")+len("SharedAccessKey="):]
	if strings.Contains(h.stderr.String(), key) || strings.Contains(h.stderr.String(), "SharedAccessSignature") {
		t.Errorf("the log shows a key or token:\n%s", h.stderr)
	}
	for _, event := range []string{"amqp connection opened", "MQTT device connected"} {
		if !strings.Contains(h.stderr.String(), event) {
			t.Errorf("no %q event in the log:\n%s", event, h.stderr)
		}
	}
}

// clientTLS trusts the printed CA file only.
func (h *runningHub) clientTLS(t *testing.T) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(h.lines["IOTHUB_CA_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("ca.pem holds no certificate")
	}
	return &tls.Config{RootCAs: pool, ServerName: "localhost"}
}

// registry calls the printed HTTPS address with a token signed by the
// printed connection string's key, trusting the printed CA.
func (h *runningHub) registry(t *testing.T, method, path, body string) (*http.Response, error) {
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
	req, _ := http.NewRequest(method, "https://"+h.lines["IOTHUB_HTTPS_ADDR"]+path+"?api-version=2021-04-12", strings.NewReader(body))
	req.Header.Set("Authorization", token)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: h.clientTLS(t)}}
	defer client.CloseIdleConnections()
	return client.Do(req)
}

// checkServiceConnects uses the printed connection string, trusting only
// the printed CA file: a registry call over HTTPS with a token signed by its
// key, and an AMQP connection to the printed address.
func checkServiceConnects(t *testing.T, h *runningHub) {
	t.Helper()
	tlsConfig := h.clientTLS(t)
	resp, err := h.registry(t, http.MethodGet, "/devices", "")
	if err != nil {
		t.Fatalf("registry call with the printed CA: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("registry call with the printed connection string: %s", resp.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := amqp.Dial(ctx, "amqps://"+h.lines["IOTHUB_AMQP_ADDR"], &amqp.ConnOptions{TLSConfig: tlsConfig})
	if err != nil {
		t.Fatalf("AMQP connection to the printed address with the printed CA: %v", err)
	}
	_ = conn.Close()
}

func TestHubCommandStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	h := startHubCommand(t, ctx, "--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--state-dir", t.TempDir())
	cancel()
	if code := h.wait(t); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestHubCommandRefusals(t *testing.T) {
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(badConfig, []byte("cloudToDevice:\n  maxDeliveryCount: 500\n"), 0o644)
	typo := filepath.Join(dir, "typo.json")
	_ = os.WriteFile(typo, []byte(`{"cloudToDevice": {"maxDeliveryCnt": 5}}`), 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--nope"}, exitInvalid, "flag provided but not defined"},
		{[]string{"extra"}, exitInvalid, `unexpected argument "extra"`},
		{[]string{"--profile", "slow"}, exitInvalid, "want fast or azure"},
		{[]string{"--cert", "c.pem"}, exitInvalid, "--cert and --key go together"},
		{[]string{"--config", badConfig}, exitInvalid, "maxDeliveryCount: 500 is out of range (1 to 100)"},
		{[]string{"--config", typo}, exitInvalid, "maxDeliveryCnt"},
		{[]string{"--config", filepath.Join(dir, "missing.yaml")}, exitInvalid, "missing.yaml"},
		{[]string{"--amqp", "256.0.0.1:0"}, exitFailed, "AMQP head"},
		{[]string{"--amqp", "127.0.0.1:0", "--https", "127.0.0.1:0", "--mqtt", "256.0.0.1:0"}, exitFailed, "MQTT head"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCLI(cliCase{args: append([]string{"hub"}, tc.args...)})
		if code != tc.code || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("hub %v: exit %d, stdout %q, stderr %q; want exit %d mentioning %q", tc.args, code, stdout, stderr, tc.code, tc.want)
		}
	}
}

// `hubspec help hub` is pinned by testdata/golden/help-hub.txt (go test
// -update rewrites it). It is not among cliCases: its sample output names
// the iothubowner policy and SharedAccessKey=…, which their secret scan
// refuses, though it holds no key.
func TestHubHelpGolden(t *testing.T) {
	code, stdout, stderr := runCLI(cliCase{args: []string{"help", "hub"}})
	golden(t, "help-hub.txt", fmt.Sprintf("# hubspec help hub\nexit %d\n-- stdout --\n%s-- stderr --\n%s", code, stdout, stderr))
	if strings.Count(stdout, "SharedAccessKey=") != strings.Count(stdout, "SharedAccessKey=…") {
		t.Error("the help shows a key")
	}
}
