package iothub

// These tests check what the embedded hub cannot show: the exact requests
// the registry client makes (paths, headers, bodies, chunks), and answers the
// hub never gives (throttling, the numeric error codes of newer hubs),
// against a recording HTTPS peer. What the hub does with the requests is
// tested end to end in registry_e2e_test.go and fleet_e2e_test.go.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testHub = "myhub.azure-devices.net"

type recorded struct {
	method, path, query, ifMatch, contentType, auth, host string
	body                                                  []byte
}

type recorder struct {
	mu       sync.Mutex
	requests []recorded
}

func (r *recorder) add(req *http.Request) recorded {
	body, _ := io.ReadAll(req.Body)
	rec := recorded{method: req.Method, path: req.URL.EscapedPath(), query: req.URL.RawQuery, ifMatch: req.Header.Get("If-Match"),
		contentType: req.Header.Get("Content-Type"), auth: req.Header.Get("Authorization"), host: req.Host, body: body}
	r.mu.Lock()
	r.requests = append(r.requests, rec)
	r.mu.Unlock()
	return rec
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.requests...)
}

// newTestRegistry starts a TLS peer answering with handle and a Registry
// pointed at it with HTTPSAddr and the peer's CA.
func newTestRegistry(t *testing.T, handle func(w http.ResponseWriter, rec recorded)) (*Registry, *recorder) {
	t.Helper()
	pki := newTestPKI(t, testHub)
	rec := &recorder{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		handle(w, rec.add(req))
	}))
	srv.TLS = pki.serverTLS()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	clock := &instantClock{now: time.Now()}
	r, err := NewRegistry(serviceCS(testHub), &Options{HTTPSAddr: srv.Listener.Addr().String(), CAPEM: pki.caPEM, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r, rec
}

func answer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func checkAuth(t *testing.T, rec recorded) {
	t.Helper()
	tok, err := ParseSASToken(rec.auth)
	if err != nil {
		t.Fatalf("Authorization is not a SAS token: %v", err)
	}
	if tok.Resource != testHub || tok.KeyName != "iothubowner" || tok.Verify(testKey) != nil {
		t.Fatalf("Authorization token %v does not sign the hub scope with the policy key", tok)
	}
}

func TestRegistryCreateGetDeletePurgeRequests(t *testing.T) {
	const device = `{"deviceId":"dev 1","generationId":"636146743722094236","etag":"AAAA","status":"enabled","connectionState":"Disconnected","cloudToDeviceMessageCount":3,"authentication":{"type":"sas","symmetricKey":{"primaryKey":"cHJpbWFyeQ==","secondaryKey":"c2Vjb25kYXJ5"}}}`
	r, rec := newTestRegistry(t, func(w http.ResponseWriter, req recorded) {
		switch req.method {
		case http.MethodPut, http.MethodGet:
			answer(w, 200, device)
		case http.MethodDelete:
			if strings.HasSuffix(req.path, "/commands") {
				answer(w, 200, `{"deviceId":"dev 1","moduleId":null,"totalMessagesPurged":3}`)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		}
	})
	ctx := context.Background()
	created, err := r.CreateDevice(ctx, DeviceIdentity{DeviceID: "dev 1"})
	if err != nil {
		t.Fatal(err)
	}
	if created.GenerationID != "636146743722094236" || created.Authentication.SymmetricKey.PrimaryKey != "cHJpbWFyeQ==" || created.CloudToDeviceMessageCount != 3 {
		t.Fatalf("created = %+v", created)
	}
	if _, err := r.GetDevice(ctx, "dev 1"); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteDevice(ctx, "dev 1"); err != nil {
		t.Fatal(err)
	}
	purged, err := r.PurgeQueue(ctx, "dev 1")
	if err != nil || purged.TotalMessagesPurged != 3 || purged.DeviceID != "dev 1" {
		t.Fatalf("purge = %+v, %v", purged, err)
	}

	reqs := rec.all()
	want := []struct{ method, path, ifMatch string }{
		{"PUT", "/devices/dev%201", ""}, {"GET", "/devices/dev%201", ""},
		{"DELETE", "/devices/dev%201", `"*"`}, {"DELETE", "/devices/dev%201/commands", ""},
	}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		got := reqs[i]
		if got.method != w.method || got.path != w.path || got.ifMatch != w.ifMatch || got.query != "api-version=2021-04-12" || got.host != testHub {
			t.Errorf("request %d = %s %s?%s If-Match %q Host %s, want %s %s If-Match %q", i, got.method, got.path, got.query, got.ifMatch, got.host, w.method, w.path, w.ifMatch)
		}
		checkAuth(t, got)
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].body, &body); err != nil || reqs[0].contentType != "application/json; charset=utf-8" {
		t.Fatalf("create body %s (%v), content type %q", reqs[0].body, err, reqs[0].contentType)
	}
	auth := body["authentication"].(map[string]any)
	keys := auth["symmetricKey"].(map[string]any)
	if body["deviceId"] != "dev 1" || auth["type"] != "sas" || keys["primaryKey"] != "" || keys["secondaryKey"] != "" {
		t.Fatalf("create body %s: want empty keys so that the hub generates them", reqs[0].body)
	}
}

func TestRegistryRetriesThrottling(t *testing.T) {
	calls := 0
	r, _ := newTestRegistry(t, func(w http.ResponseWriter, req recorded) {
		calls++
		if calls < 3 {
			answer(w, 429, `{"Message":"ErrorCode:ThrottlingException;slow down"}`)
			return
		}
		answer(w, 200, `{"deviceId":"d","authentication":{"type":"sas","symmetricKey":{"primaryKey":"","secondaryKey":""}}}`)
	})
	if _, err := r.GetDevice(context.Background(), "d"); err != nil || calls != 3 {
		t.Fatalf("after %d calls: %v", calls, err)
	}
}

func TestBulkCreateChunksAndGeneratesKeys(t *testing.T) {
	r, rec := newTestRegistry(t, func(w http.ResponseWriter, req recorded) {
		var items []bulkDevice
		_ = json.Unmarshal(req.body, &items)
		if len(items) > 0 && items[0].ID == "d200" {
			answer(w, 400, `{"isSuccessful":false,"errors":[{"deviceId":"d200","errorCode":"DeviceAlreadyExists","errorStatus":"A device with ID 'd200' is already registered."},{"deviceId":"d201","errorCode":409001,"errorStatus":"exists"}],"warnings":[]}`)
			return
		}
		answer(w, 200, `{"isSuccessful":true,"errors":[],"warnings":[]}`)
	})
	devices := make([]DeviceIdentity, 250)
	for i := range devices {
		devices[i].DeviceID = fmt.Sprintf("d%d", i)
	}
	devices[7].Authentication.SymmetricKey.PrimaryKey = testKey
	res, err := r.CreateDevices(context.Background(), devices)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rec.all()
	if len(reqs) != 3 {
		t.Fatalf("%d calls for 250 devices, want 3", len(reqs))
	}
	seen := map[string]bool{}
	for _, q := range reqs {
		var items []bulkDevice
		if err := json.Unmarshal(q.body, &items); err != nil || q.method != "POST" || q.path != "/devices" || q.query != "api-version=2021-04-12" {
			t.Fatalf("call %s %s?%s body %v", q.method, q.path, q.query, err)
		}
		if len(items) > 100 {
			t.Fatalf("a call carries %d devices", len(items))
		}
		for _, it := range items {
			if it.ImportMode != "create" || it.Authentication == nil || it.Authentication.Type != "sas" || it.Authentication.SymmetricKey.PrimaryKey == "" {
				t.Fatalf("item %+v", it)
			}
			seen[it.ID] = true
		}
		checkAuth(t, q)
	}
	if len(seen) != 250 {
		t.Fatalf("%d distinct devices sent, want 250", len(seen))
	}
	if res.Devices[7].Authentication.SymmetricKey.PrimaryKey != testKey || res.Devices[8].Authentication.SymmetricKey.PrimaryKey == "" {
		t.Fatal("the result does not hold the keys used")
	}
	if len(res.Failed) != 2 || !errors.Is(res.Failed[0].Err, ErrDeviceAlreadyExists) || !errors.Is(res.Failed[1].Err, ErrDeviceAlreadyExists) || res.Failed[1].DeviceID != "d201" {
		t.Fatalf("failed = %+v", res.Failed)
	}
	if !errors.Is(res.Err(), ErrDeviceAlreadyExists) {
		t.Fatalf("Err() = %v", res.Err())
	}
}

func TestBulkRefusesBadInputWithoutCalling(t *testing.T) {
	r, rec := newTestRegistry(t, func(w http.ResponseWriter, req recorded) { answer(w, 200, `{}`) })
	for _, ids := range [][]string{{"a", "a"}, {"a", ""}} {
		if _, err := r.DeleteDevices(context.Background(), ids); !errors.Is(err, ErrArgument) {
			t.Errorf("%q: %v", ids, err)
		}
	}
	if n := len(rec.all()); n != 0 {
		t.Fatalf("%d calls made", n)
	}
}

func TestSymmetricKeyPrintingMasks(t *testing.T) {
	d := DeviceIdentity{DeviceID: "d", Authentication: Authentication{Type: "sas", SymmetricKey: SymmetricKey{PrimaryKey: testKey, SecondaryKey: testKey}}}
	for _, f := range []string{"%v", "%+v", "%#v"} {
		if out := fmt.Sprintf(f, d); strings.Contains(out, testKey) {
			t.Errorf("%s prints the key: %s", f, out)
		}
	}
}
