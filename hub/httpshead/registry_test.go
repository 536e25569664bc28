package httpshead

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hubspec/hubspec/hub/core"
)

// nodeCreateBody is what azure-iothub's registry.create({deviceId}) sends.
const nodeCreateBody = `{"deviceId":"dev1","authentication":{"type":"sas","symmetricKey":{"primaryKey":"","secondaryKey":""}}}`

func TestCreateGetDeleteAsTheNodeSDKSends(t *testing.T) {
	f := newFixture(t)
	created := f.owner("PUT", "/devices/dev1?api-version=2021-04-12", nodeCreateBody).wantStatus(t, 200)
	if ct := created.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	d := created.device(t)
	keys := d["authentication"].(map[string]any)["symmetricKey"].(map[string]any)
	for _, k := range []string{"primaryKey", "secondaryKey"} {
		if b, err := base64.StdEncoding.DecodeString(keys[k].(string)); err != nil || len(b) != 32 {
			t.Fatalf("%s %v not a generated 32-byte key", k, keys[k])
		}
	}
	if !regexp.MustCompile(`^\d{18}$`).MatchString(d["generationId"].(string)) || d["status"] != "enabled" ||
		d["connectionState"] != "Disconnected" || d["cloudToDeviceMessageCount"] != 0.0 || d["deviceId"] != "dev1" {
		t.Fatalf("device = %s", created.body)
	}
	if created.header.Get("ETag") != `"`+d["etag"].(string)+`"` {
		t.Fatalf("ETag header %q, etag %v", created.header.Get("ETag"), d["etag"])
	}
	for _, field := range []string{"moduleId", "statusReason", "connectionStateUpdatedTime", "statusUpdatedTime", "lastActivityTime", "capabilities"} {
		if _, ok := d[field]; !ok {
			t.Errorf("device JSON lacks %s: %s", field, created.body)
		}
	}

	got := f.owner("GET", "/devices/dev1?api-version=2021-04-12", "").wantStatus(t, 200).device(t)
	if got["generationId"] != d["generationId"] || got["etag"] != d["etag"] {
		t.Fatalf("get = %v; want the created device", got)
	}
	f.owner("DELETE", "/devices/dev1?api-version=2021-04-12", "", "If-Match", `"*"`).wantStatus(t, 204)
	missing := f.owner("GET", "/devices/dev1?api-version=2021-04-12", "")
	missing.wantError(t, 404, "DeviceNotFound")
	if _, text := missing.errorCode(t); !strings.Contains(text, "dev1") {
		t.Fatalf("error text %q does not name the device", text)
	}
	f.owner("DELETE", "/devices/dev1", "", "If-Match", `"*"`).wantError(t, 404, "DeviceNotFound")
}

func TestCreateRefusals(t *testing.T) {
	f := newFixture(t)
	f.owner("PUT", "/devices/dev1", nodeCreateBody).wantStatus(t, 200)
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	tests := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"existing id", "/devices/dev1", nodeCreateBody, 409, "DeviceAlreadyExists"},
		{"id differs from the path", "/devices/dev2", nodeCreateBody, 400, "ArgumentInvalid"},
		{"key not base64", "/devices/k", `{"authentication":{"symmetricKey":{"primaryKey":"@@@","secondaryKey":""}}}`, 400, "ArgumentInvalid"},
		{"x509", "/devices/x", `{"authentication":{"type":"selfSigned"}}`, 400, "ArgumentInvalid"},
		{"bad JSON", "/devices/j", `{"deviceId":`, 400, "ArgumentInvalid"},
		{"bad status", "/devices/s", `{"status":"sleeping"}`, 400, "ArgumentInvalid"},
		{"bad id", "/devices/a%20b", `{}`, 400, "ArgumentInvalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.owner("PUT", tt.path, tt.body).wantError(t, tt.status, tt.code)
		})
	}
	given := f.owner("PUT", "/devices/given", `{"deviceId":"given","status":"disabled","authentication":{"symmetricKey":{"primaryKey":"`+key+`","secondaryKey":""}}}`).
		wantStatus(t, 200).device(t)
	if given["authentication"].(map[string]any)["symmetricKey"].(map[string]any)["primaryKey"] != key || given["status"] != "disabled" {
		t.Fatalf("given key or status not kept: %v", given)
	}
	f.owner("PUT", "/devices/nobody", "").wantStatus(t, 200) // an empty body is a device with defaults
}

func TestUpdateAndDeleteWithETags(t *testing.T) {
	f := newFixture(t)
	d := f.owner("PUT", "/devices/dev1", nodeCreateBody).wantStatus(t, 200).device(t)
	etag := d["etag"].(string)
	f.owner("PUT", "/devices/dev1", `{"deviceId":"dev1","status":"disabled"}`, "If-Match", `"nope"`).wantError(t, 412, "PreconditionFailed")
	u := f.owner("PUT", "/devices/dev1", `{"deviceId":"dev1","status":"disabled","statusReason":"maintenance"}`, "If-Match", `"`+etag+`"`).
		wantStatus(t, 200).device(t)
	if u["etag"] == etag || u["status"] != "disabled" || u["statusReason"] != "maintenance" || u["generationId"] != d["generationId"] {
		t.Fatalf("updated = %v", u)
	}
	f.owner("PUT", "/devices/ghost", `{}`, "If-Match", `"*"`).wantError(t, 404, "DeviceNotFound")
	f.owner("DELETE", "/devices/dev1", "", "If-Match", `"`+etag+`"`).wantError(t, 412, "PreconditionFailed")
	f.owner("DELETE", "/devices/dev1", "", "If-Match", `"`+u["etag"].(string)+`"`).wantStatus(t, 204)
}

func TestList(t *testing.T) {
	f := newFixture(t)
	for _, id := range []string{"c", "a", "b"} {
		f.owner("PUT", "/devices/"+id, "").wantStatus(t, 200)
	}
	var all []map[string]any
	if err := json.Unmarshal(f.owner("GET", "/devices?api-version=2021-04-12", "").wantStatus(t, 200).body, &all); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range all {
		ids = append(ids, d["deviceId"].(string))
	}
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Fatalf("list = %v", ids)
	}
	var two []map[string]any
	if err := json.Unmarshal(f.owner("GET", "/devices/?top=2&api-version=2021-04-12", "").wantStatus(t, 200).body, &two); err != nil || len(two) != 2 {
		t.Fatalf("top=2 gave %d devices (%v)", len(two), err)
	}
	f.owner("GET", "/devices?top=zero", "").wantError(t, 400, "ArgumentInvalid")
}

func TestPurge(t *testing.T) {
	f := newFixture(t)
	f.owner("PUT", "/devices/dev1", "").wantStatus(t, 200)
	for range 3 {
		if err := f.hub.Enqueue("dev1", &core.Message{Ack: core.AckNone}); err != nil {
			t.Fatal(err)
		}
	}
	res := f.call("DELETE", "/devices/dev1/commands?api-version=2021-04-12", f.token("service"), "").wantStatus(t, 200)
	if string(res.body) != `{"deviceId":"dev1","moduleId":null,"totalMessagesPurged":3}` {
		t.Fatalf("purge body %s", res.body)
	}
	if d, _ := f.hub.Device("dev1"); d.CloudToDeviceMessageCount != 0 {
		t.Fatalf("queue depth %d after purge", d.CloudToDeviceMessageCount)
	}
	f.owner("DELETE", "/devices/ghost/commands", "").wantError(t, 404, "DeviceNotFound")
}

func TestRoutes(t *testing.T) {
	f := newFixture(t)
	f.owner("GET", "/twins/dev1", "").wantError(t, 404, "NotFound")
	f.owner("GET", "/devices/dev1/modules/m", "").wantError(t, 404, "NotFound")
	f.owner("PATCH", "/devices/dev1", "{}").wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed")
	f.owner("GET", "/devices/dev1/commands", "").wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed")
	f.owner("PUT", "/Devices/upper", "").wantStatus(t, 200)
	f.owner("PUT", "/devices/with%2Bplus", "").wantStatus(t, 200)
	if _, err := f.hub.Device("with+plus"); err != nil {
		t.Fatalf("percent-decoded id: %v", err)
	}
	huge := `{"deviceId":"big","statusReason":"` + strings.Repeat("x", maxBody) + `"}`
	f.owner("PUT", "/devices/big", huge).wantError(t, 413, "MessageTooLarge")
}
