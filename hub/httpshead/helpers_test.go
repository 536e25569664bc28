package httpshead

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/core"
	"github.com/hubspec/hubspec/hub/internal/pki"
)

// fixture is a hub behind the HTTPS head on a real TLS socket, with a CA and
// server certificate generated for the test.
type fixture struct {
	t      *testing.T
	hub    *core.Hub
	url    string
	client *http.Client
	logs   *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	hub, err := core.New(core.Config{}, core.Options{HostName: "localhost"})
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	t.Cleanup(func() { _ = hub.Close() })
	ca, err := pki.NewAuthority("hubspec test CA")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer("localhost", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewUnstartedServer(New(hub, Options{Logger: logger}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"},
	}}
	t.Cleanup(client.CloseIdleConnections)
	return &fixture{t: t, hub: hub, url: srv.URL, client: client, logs: logs}
}

// token is a SAS token of a policy, scoped to the hub as the Node SDK makes it.
func (f *fixture) token(policy string) string {
	f.t.Helper()
	p, ok := f.hub.Policy(policy)
	if !ok {
		f.t.Fatalf("no policy %s", policy)
	}
	tok, err := core.SignToken("localhost", policy, p.PrimaryKey, time.Now().Add(time.Hour))
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// response is what a call returned.
type response struct {
	status int
	header http.Header
	body   []byte
}

// call sends a request the way azure-iothub's rest client does.
func (f *fixture) call(method, path, token, body string, headers ...string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	req.Header.Set("Request-Id", "5a9b6a2e-0000-4000-8000-000000000000")
	req.Header.Set("User-Agent", "azure-iothub/1.16.6")
	if body != "" {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := f.client.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func (f *fixture) owner(method, path, body string, headers ...string) response {
	f.t.Helper()
	return f.call(method, path, f.token("iothubowner"), body, headers...)
}

// wantStatus checks the status code.
func (r response) wantStatus(t *testing.T, want int) response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d; want %d; body %s", r.status, want, r.body)
	}
	return r
}

// errorCode parses an error body the way the Node SDK does
// (azure-iot-http-base Http.parseErrorBody): Message split on ";", then the
// first part on ":".
func (r response) errorCode(t *testing.T) (string, string) {
	t.Helper()
	var body struct{ Message, ExceptionMessage string }
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	parts := strings.Split(body.Message, ";")
	head := strings.Split(parts[0], ":")
	if len(parts) < 2 || len(head) < 2 || !strings.HasPrefix(body.ExceptionMessage, "Tracking ID:") {
		t.Fatalf("error body %s is not in IoT Hub's form", r.body)
	}
	if got := r.header.Get("iothub-errorcode"); got != head[1] {
		t.Fatalf("iothub-errorcode header %q; body code %q", got, head[1])
	}
	return head[1], parts[1]
}

func (r response) wantError(t *testing.T, status int, code string) {
	t.Helper()
	r.wantStatus(t, status)
	if got, _ := r.errorCode(t); got != code {
		t.Fatalf("error code %q; want %q (body %s)", got, code, r.body)
	}
}

func (r response) device(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("device body %s: %v", r.body, err)
	}
	return m
}
