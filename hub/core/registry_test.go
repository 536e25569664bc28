package core

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestCreateDevice(t *testing.T) {
	h := newTestHub(t, Config{})
	d := h.device("dev1")
	for _, k := range []string{d.PrimaryKey, d.SecondaryKey} {
		if b, err := base64.StdEncoding.DecodeString(k); err != nil || len(b) != 32 {
			t.Fatalf("generated key %q: %d bytes, %v", k, len(b), err)
		}
	}
	if d.PrimaryKey == d.SecondaryKey || d.Status != DeviceEnabled || d.ETag == "" || d.ConnectionState != Disconnected {
		t.Fatalf("device = %+v", d)
	}
	if len(d.GenerationID) != 18 || strings.Trim(d.GenerationID, "0123456789") != "" {
		t.Fatalf("generationId %q is not 18 digits", d.GenerationID)
	}
	_, err := h.CreateDevice(DeviceSpec{DeviceID: "dev1"})
	wantCode(t, err, ErrDeviceExists)

	given := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef"))
	g, err := h.CreateDevice(DeviceSpec{DeviceID: "given", PrimaryKey: given})
	must(t, err)
	if g.PrimaryKey != given || g.SecondaryKey == "" {
		t.Fatalf("given key not kept: %+v", g)
	}
	for _, bad := range []DeviceSpec{
		{DeviceID: ""},
		{DeviceID: strings.Repeat("x", 129)},
		{DeviceID: "has space"},
		{DeviceID: "slash/id"},
		{DeviceID: "k", PrimaryKey: "not base64!"},
		{DeviceID: "k", PrimaryKey: base64.StdEncoding.EncodeToString([]byte("short"))},
		{DeviceID: "k", Status: "paused"},
	} {
		_, err := h.CreateDevice(bad)
		wantCode(t, err, ErrArgument)
	}
}

func TestUpdateAndDeleteWithETags(t *testing.T) {
	h := newTestHub(t, Config{})
	d := h.device("dev1")
	_, err := h.UpdateDevice(DeviceSpec{DeviceID: "dev1", Status: DeviceDisabled}, `"stale"`)
	wantCode(t, err, ErrPreconditionFailed)
	u, err := h.UpdateDevice(DeviceSpec{DeviceID: "dev1", Status: DeviceDisabled, StatusReason: "maintenance"}, `"`+d.ETag+`"`)
	must(t, err)
	if u.ETag == d.ETag || u.GenerationID != d.GenerationID || u.PrimaryKey != d.PrimaryKey || u.Status != DeviceDisabled {
		t.Fatalf("updated = %+v; want a new etag, same generation and keys, disabled", u)
	}
	_, err = h.UpdateDevice(DeviceSpec{DeviceID: "ghost"}, "*")
	wantCode(t, err, ErrDeviceNotFound)

	wantCode(t, h.DeleteDevice("dev1", d.ETag), ErrPreconditionFailed)
	must(t, h.DeleteDevice("dev1", u.ETag))
	wantCode(t, h.DeleteDevice("dev1", "*"), ErrDeviceNotFound)
	_, err = h.Device("dev1")
	wantCode(t, err, ErrDeviceNotFound)
}

func TestGenerationIDsNeverRepeat(t *testing.T) {
	h := newTestHub(t, Config{}) // the fake clock does not move
	if first := h.device("ticks").GenerationID; first != "638764272000000000" {
		t.Fatalf("generationId %s; want the .NET ticks of 2025-03-01T12:00:00Z", first)
	}
	seen := map[string]bool{"638764272000000000": true}
	for range 5 {
		d := h.device("dev1")
		if seen[d.GenerationID] {
			t.Fatalf("generationId %s repeated", d.GenerationID)
		}
		seen[d.GenerationID] = true
		must(t, h.DeleteDevice("dev1", "*"))
	}
	h.clock.Advance(time.Hour)
	if d := h.device("later"); seen[d.GenerationID] {
		t.Fatal("repeated after time moved")
	}
}

func TestDevicesListAndLiveFigures(t *testing.T) {
	h := newTestHub(t, Config{})
	for _, id := range []string{"c", "a", "b"} {
		h.device(id)
	}
	h.send("b", "m", AckNone)
	r, _ := h.receiver("b")
	all := h.Devices()
	if len(all) != 3 || all[0].DeviceID != "a" || all[2].DeviceID != "c" {
		t.Fatalf("Devices = %v", all)
	}
	if all[1].CloudToDeviceMessageCount != 1 || all[1].ConnectionState != Connected || all[0].ConnectionState != Disconnected {
		t.Fatalf("b = %+v", all[1])
	}
	r.Close()
	if b, _ := h.Device("b"); b.ConnectionState != Disconnected {
		t.Fatalf("after close b is %s", b.ConnectionState)
	}
}

func TestPoliciesAndConnectionStrings(t *testing.T) {
	h := newTestHub(t, Config{})
	var names []string
	for _, p := range h.Policies() {
		names = append(names, p.KeyName+"="+p.Rights.String())
		if p.PrimaryKey == "" || p.SecondaryKey == "" {
			t.Fatalf("policy %s has no keys", p.KeyName)
		}
	}
	want := "iothubowner=RegistryRead, RegistryWrite, ServiceConnect, DeviceConnect|service=ServiceConnect|device=DeviceConnect|registryRead=RegistryRead|registryReadWrite=RegistryRead, RegistryWrite"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("policies = %s", got)
	}
	cs, err := h.ConnectionString("iothubowner")
	must(t, err)
	p, _ := h.Policy("iothubowner")
	if cs != "HostName=myhub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey="+p.PrimaryKey {
		t.Fatalf("connection string %q", cs)
	}
	d := h.device("dev1")
	dcs, err := h.DeviceConnectionString("dev1")
	must(t, err)
	if dcs != "HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessKey="+d.PrimaryKey {
		t.Fatalf("device connection string %q", dcs)
	}
	r, err := ParseRights("registryread,  ServiceConnect")
	if err != nil || r != RegistryRead|ServiceConnect {
		t.Fatalf("ParseRights = %v, %v", r, err)
	}
	if _, err := ParseRights("Everything"); err == nil {
		t.Fatal("ParseRights accepted an unknown permission")
	}
	if _, err := New(Config{}, Options{Policies: []SharedAccessPolicy{{KeyName: "a"}, {KeyName: "a"}}}); err == nil {
		t.Fatal("New accepted a policy defined twice")
	}
}
