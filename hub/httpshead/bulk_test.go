package httpshead

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func (f *fixture) bulk(body string) (bulkResult, response) {
	f.t.Helper()
	res := f.owner("POST", "/devices?api-version=2021-04-12", body)
	var out bulkResult
	if res.status == 200 {
		if err := json.Unmarshal(res.body, &out); err != nil {
			f.t.Fatalf("bulk result %s: %v", res.body, err)
		}
	}
	return out, res
}

// nodeBulk is what azure-iothub's registry.addDevices / removeDevices send.
func nodeBulk(mode string, ids ...string) string {
	var parts []string
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf(`{"id":%q,"importMode":%q,"authentication":{"type":"sas","symmetricKey":{"primaryKey":"","secondaryKey":""}}}`, id, mode))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestBulkCreateAndDelete(t *testing.T) {
	f := newFixture(t)
	res, raw := f.bulk(nodeBulk("create", "b1", "b2", "b3"))
	raw.wantStatus(t, 200)
	if string(raw.body) != `{"isSuccessful":true,"errors":[],"warnings":[]}` {
		t.Fatalf("bulk create body %s", raw.body)
	}
	if !res.IsSuccessful || len(f.hub.Devices()) != 3 {
		t.Fatalf("result %+v, %d devices", res, len(f.hub.Devices()))
	}
	d, err := f.hub.Device("b2")
	if err != nil || d.PrimaryKey == "" {
		t.Fatalf("b2: %+v %v", d, err)
	}

	res, _ = f.bulk(nodeBulk("create", "b1", "b4"))
	if res.IsSuccessful || len(res.Errors) != 1 || res.Errors[0].DeviceID != "b1" || res.Errors[0].ErrorCode != "DeviceAlreadyExists" || res.Errors[0].ErrorStatus == "" {
		t.Fatalf("create existing: %+v", res)
	}
	if _, err := f.hub.Device("b4"); err != nil {
		t.Fatalf("the other device of a partly failed bulk was not created: %v", err)
	}

	res, _ = f.bulk(`[{"id":"b1","importMode":"Delete"},{"id":"b2","importMode":"DeleteIfMatchETag","eTag":"stale"},{"id":"b3","importMode":"deleteIfMatchETag","etag":"` + mustETag(t, f, "b3") + `"},{"id":"ghost","importMode":"delete"}]`)
	codes := map[string]string{}
	for _, e := range res.Errors {
		codes[e.DeviceID] = e.ErrorCode
	}
	if res.IsSuccessful || len(codes) != 2 || codes["b2"] != "PreconditionFailed" || codes["ghost"] != "DeviceNotFound" {
		t.Fatalf("delete result %+v", res)
	}
	left := []string{}
	for _, d := range f.hub.Devices() {
		left = append(left, d.DeviceID)
	}
	if strings.Join(left, ",") != "b2,b4" {
		t.Fatalf("devices left: %v", left)
	}
}

func mustETag(t *testing.T, f *fixture, id string) string {
	t.Helper()
	d, err := f.hub.Device(id)
	if err != nil {
		t.Fatal(err)
	}
	return d.ETag
}

func TestBulkUpdateModes(t *testing.T) {
	f := newFixture(t)
	f.bulk(nodeBulk("create", "u1", "u2"))
	res, raw := f.bulk(`[{"id":"u1","importMode":"update","status":"disabled"},
		{"id":"u2","importMode":"updateIfMatchETag","status":"disabled"},
		{"id":"u3","importMode":"createOrUpdate"},
		{"id":"u4","importMode":"updateTwin"},
		{"id":"u5","importMode":"teleport"},
		{"id":"u6","moduleId":"m","importMode":"create"}]`)
	raw.wantStatus(t, 200)
	codes := map[string]string{}
	for _, e := range res.Errors {
		codes[e.DeviceID] = e.ErrorCode
	}
	want := map[string]string{"u2": "ArgumentInvalid", "u4": "NotImplemented", "u5": "ArgumentInvalid", "u6": "NotImplemented"}
	if fmt.Sprint(codes) != fmt.Sprint(want) {
		t.Fatalf("errors %v; want %v", codes, want)
	}
	if d, _ := f.hub.Device("u1"); d.Status != "disabled" {
		t.Fatalf("u1 status %s", d.Status)
	}
	if _, err := f.hub.Device("u3"); err != nil {
		t.Fatalf("createOrUpdate did not create u3: %v", err)
	}
}

func TestBulkRefusesTheWholeRequest(t *testing.T) {
	f := newFixture(t)
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint("d", i)
	}
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"101 devices", nodeBulk("create", ids...), 413, "TooManyDevices"},
		{"a device twice", nodeBulk("create", "x", "y", "x"), 400, "DeviceDefinedMultipleTimes"},
		{"not an array", `{"id":"x"}`, 400, "ArgumentInvalid"},
		{"empty", `[]`, 400, "ArgumentInvalid"},
		{"truncated", `[{"id":`, 400, "ArgumentInvalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, res := f.bulk(tt.body)
			res.wantError(t, tt.status, tt.code)
			if n := len(f.hub.Devices()); n != 0 {
				t.Fatalf("%d devices created by a refused request", n)
			}
		})
	}
	_, ok := f.bulk(nodeBulk("create", ids[:100]...))
	ok.wantStatus(t, 200)
	if n := len(f.hub.Devices()); n != 100 {
		t.Fatalf("100-device bulk created %d", n)
	}
}
