package iothub

import (
	"errors"
	"regexp"
	"testing"

	"github.com/hubspec/hubspec/hub"
)

// generationID is the registry's form of a device generation: 18 digits.
var generationID = regexp.MustCompile(`^[0-9]{18}$`)

// otherTestKey is a second device key (base64 of 32 bytes).
const otherTestKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// A device created with keys the hub generates, and one with keys the caller
// gives, can both connect; get reports a device's queue; purge empties it
// (Purged feedback for ack negative); delete removes the device and its queue.
func TestE2ERegistryCreateGetPurgeDelete(t *testing.T) {
	h := startHub(t, hub.Options{})
	reg := h.registry()
	ctx := within(t)
	generated, err := reg.CreateDevice(ctx, DeviceIdentity{DeviceID: "generated"})
	if err != nil {
		t.Fatal(err)
	}
	k := generated.Authentication.SymmetricKey
	if k.PrimaryKey == "" || k.SecondaryKey == "" || k.PrimaryKey == k.SecondaryKey || !generationID.MatchString(generated.GenerationID) || generated.Status != "enabled" {
		t.Fatalf("created %+v; want two distinct generated keys, an 18-digit generation id, enabled", generated)
	}
	given := DeviceIdentity{DeviceID: "given", Authentication: Authentication{SymmetricKey: SymmetricKey{PrimaryKey: testKey, SecondaryKey: otherTestKey}}}
	created, err := reg.CreateDevice(ctx, given)
	if err != nil {
		t.Fatal(err)
	}
	if created.Authentication.SymmetricKey != given.Authentication.SymmetricKey {
		t.Fatal("the hub did not keep the given keys")
	}
	for _, d := range []*DeviceIdentity{generated, created} {
		h.openDevice(d.ConnectionString(h.owner.HostName), h.options())
	}

	svc := h.service(h.options())
	fr := feedbackReceiver(t, svc)
	for _, id := range []string{"m-1", "m-2", "m-3"} {
		send(t, svc, "given", &Message{Body: []byte(id), MessageID: id, Ack: AckNegative})
	}
	got, err := reg.GetDevice(ctx, "given")
	if err != nil || got.CloudToDeviceMessageCount != 3 || got.GenerationID != created.GenerationID {
		t.Fatalf("get = %+v, %v; want the device with 3 messages queued", got, err)
	}
	purged, err := reg.PurgeQueue(ctx, "given")
	if err != nil || purged.TotalMessagesPurged != 3 || purged.DeviceID != "given" {
		t.Fatalf("purge = %+v, %v; want 3 purged", purged, err)
	}
	for _, r := range feedbackUntil(t, fr, "m-3") {
		if r.Status != FeedbackPurged {
			t.Errorf("feedback for %s = %s; want Purged", r.OriginalMessageID, r.Status)
		}
	}
	if err := reg.DeleteDevice(ctx, "given"); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.GetDevice(ctx, "given"); !errors.Is(err, ErrDeviceNotFound) {
		t.Fatalf("get after delete = %v; want ErrDeviceNotFound", err)
	}
	if err := sendErr(svc, "given", &Message{Body: []byte("late")}); !errors.Is(err, ErrDeviceNotFound) {
		t.Fatalf("send after delete = %v; want ErrDeviceNotFound", err)
	}
}

// The registry's refusals, read from its ErrorCode: bodies, are the same
// typed errors as over AMQP, with the tracking id.
func TestE2ERegistryRefusalsAreTyped(t *testing.T) {
	h := startHub(t, hub.Options{})
	reg := h.registry()
	h.createDevice("dev1")
	wrongKey := h.owner
	wrongKey.SharedAccessKey = testKey
	reader, stranger := h.refusedRegistry(h.policy("registryRead")), h.refusedRegistry(wrongKey)
	ctx := within(t)
	tests := []struct {
		name   string
		err    error
		kind   error
		status int
		code   string
	}{
		{"get an unknown device", second(reg.GetDevice(ctx, "nobody")), ErrDeviceNotFound, 404, "DeviceNotFound"},
		{"delete an unknown device", reg.DeleteDevice(ctx, "nobody"), ErrDeviceNotFound, 404, "DeviceNotFound"},
		{"purge an unknown device", second(reg.PurgeQueue(ctx, "nobody")), ErrDeviceNotFound, 404, "DeviceNotFound"},
		{"create an existing device", second(reg.CreateDevice(ctx, DeviceIdentity{DeviceID: "dev1"})), ErrDeviceAlreadyExists, 409, "DeviceAlreadyExists"},
		{"create a device with a bad id", second(reg.CreateDevice(ctx, DeviceIdentity{DeviceID: "a/b"})), ErrArgument, 400, "ArgumentInvalid"},
		{"create with registryRead", second(reader.CreateDevice(ctx, DeviceIdentity{DeviceID: "dev2"})), ErrUnauthorized, 401, "IotHubUnauthorizedAccess"},
		{"get with a wrong key", second(stranger.GetDevice(ctx, "dev1")), ErrUnauthorized, 401, "IotHubUnauthorizedAccess"},
	}
	for _, tt := range tests {
		var e *Error
		if !errors.As(tt.err, &e) || !errors.Is(tt.err, tt.kind) {
			t.Errorf("%s: err = %v; want kind %v", tt.name, tt.err, tt.kind)
			continue
		}
		if e.StatusCode != tt.status || e.Code != tt.code || e.TrackingID == "" || IsRetryable(tt.err) {
			t.Errorf("%s: status %d, code %q, tracking id %q; want %d %s with a tracking id, not retryable", tt.name, e.StatusCode, e.Code, e.TrackingID, tt.status, tt.code)
		}
		noSecrets(t, tt.err.Error(), h.owner, wrongKey)
	}
}

// second is the error of a call that returns a value and an error.
func second[T any](_ T, err error) error { return err }

// A bulk create names each device the hub refuses, with its kind, and
// creates the rest with the keys given or generated; a bulk call the hub
// refuses as a whole is an error of its kind.
func TestE2EBulkRefusals(t *testing.T) {
	h := startHub(t, hub.Options{})
	reg := h.registry()
	h.createDevice("existing")
	ctx := within(t)
	res, err := reg.CreateDevices(ctx, []DeviceIdentity{
		{DeviceID: "new-given", Authentication: Authentication{SymmetricKey: SymmetricKey{PrimaryKey: testKey, SecondaryKey: otherTestKey}}},
		{DeviceID: "existing"},
		{DeviceID: "new-generated"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].DeviceID != "existing" || !errors.Is(res.Failed[0].Err, ErrDeviceAlreadyExists) || !errors.Is(res.Err(), ErrDeviceAlreadyExists) {
		t.Fatalf("failed = %+v; want existing refused as ErrDeviceAlreadyExists", res.Failed)
	}
	for _, d := range []DeviceIdentity{res.Devices[0], res.Devices[2]} {
		h.openDevice(d.ConnectionString(h.owner.HostName), h.options()) // the keys in the result are the device's
	}

	reader := h.refusedRegistry(h.policy("registryRead"))
	if _, err := reader.DeleteDevices(ctx, []string{"new-given", "new-generated"}); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("bulk delete with registryRead = %v; want ErrUnauthorized", err)
	}
	if _, err := reg.GetDevice(ctx, "new-given"); err != nil {
		t.Fatalf("the refused bulk delete deleted: %v", err)
	}
}
