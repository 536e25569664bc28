package iothub

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/hub/core"
)

// Each refusal of the hub comes back as an *Error of its kind, with the
// AMQP condition and the hub's tracking id, and says what to do.
func TestE2ESendRefusalsAreTyped(t *testing.T) {
	h := startHub(t, hub.Options{})
	h.createDevice("full")
	h.createDevice("big")
	svc := h.service(&Options{AMQPAddr: h.srv.AMQPAddr(), CAPEM: h.srv.CAPEM(), Retry: NoRetry})
	for i := range 50 {
		send(t, svc, "full", &Message{Body: []byte{byte(i)}})
	}
	tests := []struct {
		name      string
		deviceID  string
		m         *Message
		kind      error
		condition string
		hint      string
	}{
		{"unknown device", "nobody", &Message{Body: []byte("x")}, ErrDeviceNotFound, "amqp:not-found", "create the device"},
		{"the 51st message", "full", &Message{Body: []byte("51")}, ErrDeviceMaximumQueueDepthExceeded, "amqp:resource-limit-exceeded", "complete, reject or abandon"},
		{"65,537 bytes", "big", messageOfWireSize(t, "big", core.MaxMessageSize+1), ErrMessageTooLarge, "amqp:link:message-size-exceeded", "smaller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sendErr(svc, tt.deviceID, tt.m)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v; want an *Error of kind %v", err, tt.kind)
			}
			if e.Condition != tt.condition || e.TrackingID == "" || e.DeviceID != tt.deviceID || IsRetryable(err) {
				t.Errorf("condition %q, tracking id %q, device %q, retryable %v; want %s with a tracking id, not retryable", e.Condition, e.TrackingID, e.DeviceID, IsRetryable(err), tt.condition)
			}
			if !strings.Contains(err.Error(), e.TrackingID) || !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("%q does not give the tracking id and %q", err, tt.hint)
			}
		})
	}
	if err := sendErr(svc, "big", messageOfWireSize(t, "big", core.MaxMessageSize)); err != nil {
		t.Errorf("a message of exactly 65,536 bytes: %v", err)
	}
}

// messageOfWireSize is a message to deviceID whose AMQP encoding, as this
// client sends it, is size bytes.
func messageOfWireSize(t testing.TB, deviceID string, size int) *Message {
	t.Helper()
	probe := &Message{Body: make([]byte, size)}
	b, err := toAMQP(deviceID, probe, time.Now()).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	probe.Body = probe.Body[:size-(len(b)-size)]
	if b, _ := toAMQP(deviceID, probe, time.Now()).MarshalBinary(); len(b) != size {
		t.Fatalf("encoded %d bytes; want %d", len(b), size)
	}
	return probe
}

// A throttled send is ErrThrottled (retryable) with NoRetry; under the
// default policy it is retried with back-off until the hub's simulated S1
// unit takes it. Time is the hub's fake clock, shared with the client.
func TestE2EThrottlingIsTypedAndRetried(t *testing.T) {
	h := startClockedHub(t, core.Config{Emulator: core.Emulator{Throttling: core.Throttling{Tier: "S1", Units: 1}}})
	h.createDevice("dev1")
	noRetry := h.options()
	noRetry.Retry = NoRetry
	svc := h.service(noRetry)
	send(t, svc, "dev1", &Message{Body: []byte("1")})
	err := sendErr(svc, "dev1", &Message{Body: []byte("2")})
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrThrottled) || !IsRetryable(err) || e.Condition != "com.microsoft:device-container-throttled" || e.TrackingID == "" {
		t.Fatalf("the second send within a second on S1 = %v; want ErrThrottled, retryable, with a tracking id", err)
	}

	retrying := h.service(h.options())
	backOffs, err := h.clock.runAdvancing(t, func() error { return sendErr(retrying, "dev1", &Message{Body: []byte("3")}) })
	if err != nil || backOffs == 0 {
		t.Fatalf("a retried send = %v after %d back-offs; want it taken after at least one", err, backOffs)
	}
}

// A caller-set send rate keeps a run inside an S1 unit: sends paced at 100
// a minute are never throttled.
func TestE2ESendRateStaysInsideS1(t *testing.T) {
	h := startClockedHub(t, core.Config{Emulator: core.Emulator{Throttling: core.Throttling{Tier: "S1", Units: 1}}})
	h.createDevice("dev1")
	opts := h.options()
	opts.Retry = NoRetry
	rate, err := NewSendRate(100.0/60, 1, h.clock)
	if err != nil {
		t.Fatal(err)
	}
	opts.SendRate = rate
	svc := h.service(opts)
	waits, err := h.clock.runAdvancing(t, func() error {
		for i := range 5 {
			if err := sendErr(svc, "dev1", &Message{Body: []byte{byte(i)}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || waits < 4 {
		t.Fatalf("5 paced sends = %v after %d waits for the rate; want all taken, 4 waits", err, waits)
	}
}

// Credentials the hub refuses end in ErrUnauthorized, not retried, and no
// error shows the key or the token.
func TestE2EUnauthorized(t *testing.T) {
	h := startHub(t, hub.Options{})
	dev1, dev2 := h.createDevice("dev1"), h.createDevice("dev2")
	wrongKey := h.owner
	wrongKey.SharedAccessKey = dev1.SharedAccessKey
	wrongDeviceKey := dev1
	wrongDeviceKey.SharedAccessKey = dev2.SharedAccessKey
	othersToken := dev1
	othersToken.SharedAccessKey, othersToken.SharedAccessSignature = "", deviceToken(t, dev2, time.Now().Add(time.Hour))
	opts := h.options()
	opts.Retry = NoRetry
	tests := []struct {
		name string
		open func(ctx context.Context) error
		why  string // what the hub's description says
	}{
		{"service with a wrong key", openService(wrongKey, opts), "signature"},
		{"service with the registryRead policy", openService(h.policy("registryRead"), opts), ""},
		{"service with the device policy", openService(h.policy("device"), opts), ""},
		{"device with another device's key", openAMQPDevice(wrongDeviceKey, opts), "signature"},
		{"device with another device's token", openAMQPDevice(othersToken, opts), ""},
	}
	h.registry().Close() // its idle connections, for the goroutine check
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.open(within(t))
			noClientGoroutines(t) // of the refused client
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrUnauthorized) || IsRetryable(err) {
				t.Fatalf("err = %v; want ErrUnauthorized, not retried", err)
			}
			if !strings.Contains(e.Description, tt.why) {
				t.Errorf("the hub's description %q does not say %q", e.Description, tt.why)
			}
			noSecrets(t, err.Error(), wrongKey, wrongDeviceKey, othersToken)
		})
	}
}

func openService(cs ConnectionString, opts *Options) func(context.Context) error {
	return func(ctx context.Context) error {
		svc, err := NewServiceClient(ctx, cs, opts)
		if err == nil {
			_ = svc.Close(ctx)
		}
		return err
	}
}

func openAMQPDevice(cs ConnectionString, opts *Options) func(context.Context) error {
	return func(ctx context.Context) error {
		d, err := OpenAMQPDevice(ctx, cs, opts)
		if err == nil {
			_ = d.Close(ctx)
		}
		return err
	}
}

// noSecrets fails if s shows a key or a token of the connection strings.
func noSecrets(t testing.TB, s string, strings_ ...ConnectionString) {
	t.Helper()
	for _, cs := range strings_ {
		for _, secret := range []string{cs.SharedAccessKey, cs.SharedAccessSignature} {
			if secret != "" && strings.Contains(s, secret) {
				t.Errorf("%q shows a secret", s)
			}
		}
	}
	if strings.Contains(s, "sig=") {
		t.Errorf("%q shows a signature", s)
	}
}

// A token the client still holds valid but the hub finds expired (their
// clocks disagree by two hours) is refused by the hub: ErrUnauthorized,
// saying so.
func TestE2EExpiredTokenRefusedByTheHub(t *testing.T) {
	h := startClockedHub(t, core.Config{})
	dev := h.createDevice("dev1")
	h.clock.Advance(2 * time.Hour)
	withToken := dev
	withToken.SharedAccessKey, withToken.SharedAccessSignature = "", deviceToken(t, dev, time.Now().Add(time.Hour))
	opts := &Options{AMQPAddr: h.srv.AMQPAddr(), CAPEM: h.srv.CAPEM(), Retry: NoRetry} // the real clock
	for name, open := range map[string]func(context.Context) error{
		"service, key":  openService(h.owner, opts),
		"device, token": openAMQPDevice(withToken, opts),
		"device, key":   openAMQPDevice(dev, opts),
	} {
		err := open(within(t))
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "expired") {
			t.Errorf("%s: err = %v; want ErrUnauthorized saying the token expired", name, err)
		}
	}
}
