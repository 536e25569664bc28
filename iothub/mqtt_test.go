package iothub

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// End-to-end tests of MQTTDevice against the embedded hub's MQTT head over
// real TLS; the service side is this package's ServiceClient over the AMQP
// head, so each message crosses both heads and the one core between them.

func TestMQTTDeviceReceivesEveryPropertyThroughThePropertyBag(t *testing.T) {
	h := startMQTTHub(t)
	svc := h.service()
	for _, id := range []string{"thermostat-1", "dev.1:a@b!(x)=y$'*,+"} {
		t.Run(id, func(t *testing.T) {
			d := h.open(h.addDevice(id), h.options())
			sent := messageWithEveryProperty(id)
			send(t, svc, id, sent)
			got := receive(t, d)
			checkReceived(t, got, sent, "/devices/"+encodeURIComponent(id)+"/messages/devicebound")
			complete(t, d, got)
			fb := feedback(t, svc, 1)
			if fb[0].Status != FeedbackSuccess || fb[0].OriginalMessageID != sent.MessageID || fb[0].DeviceID != id {
				t.Errorf("feedback = %+v; want Success for %s on %s", fb[0], sent.MessageID, id)
			}
			if n := h.queueDepth(id); n != 0 {
				t.Errorf("queue depth after complete = %d; want 0", n)
			}
		})
	}
}

// messageWithEveryProperty has every system property and application
// properties whose keys and values need percent-encoding in the bag.
func messageWithEveryProperty(deviceID string) *Message {
	return &Message{
		Body:            []byte(`{"setpoint":21.5,"unit":"°C"}`),
		MessageID:       "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f",
		CorrelationID:   "corr/1&x=y z",
		UserID:          "back-end",
		ContentType:     "application/json",
		ContentEncoding: "utf-8",
		Ack:             AckFull,
		ExpiryTime:      time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond),
		Properties: map[string]string{
			"path/with/slashes": "a/b/c/",
			"query&pairs":       "k=v&k2=v2",
			"with space":        "hello world",
			"ünïcødé":           "日本語 ✓ 🌡",
			"plus+percent%":     "1+1=2 at 100%",
			"#hash?":            "+#?",
			"for-" + deviceID:   "devices/" + deviceID + "/messages/devicebound/x",
			"empty":             "",
		},
	}
}

// checkReceived compares what a device got with what the service sent.
func checkReceived(t *testing.T, got, sent *Message, to string) {
	t.Helper()
	want := map[string]string{
		"body": string(sent.Body), "message id": sent.MessageID, "correlation id": sent.CorrelationID,
		"user id": sent.UserID, "content type": sent.ContentType, "content encoding": sent.ContentEncoding,
		"ack": string(sent.Ack), "to": to, "expiry": sent.ExpiryTime.Format(time.RFC3339Nano),
	}
	have := map[string]string{
		"body": string(got.Body), "message id": got.MessageID, "correlation id": got.CorrelationID,
		"user id": got.UserID, "content type": got.ContentType, "content encoding": got.ContentEncoding,
		"ack": string(got.Ack), "to": got.To, "expiry": got.ExpiryTime.Format(time.RFC3339Nano),
	}
	for k, v := range want {
		if have[k] != v {
			t.Errorf("%s = %q; want %q", k, have[k], v)
		}
	}
	if !maps.Equal(got.Properties, sent.Properties) {
		t.Errorf("properties = %q; want %q", got.Properties, sent.Properties)
	}
	if got.DeliveryCount != 0 || got.LockToken != "" || got.SequenceNumber != 0 || !got.EnqueuedTime.IsZero() {
		t.Errorf("fields that MQTT does not carry are set: %+v", got)
	}
}

func TestMQTTDeviceGetsAMessageAgainAfterADroppedConnection(t *testing.T) {
	h := startMQTTHub(t)
	cs := h.addDevice("dev1")
	svc := h.service()
	proxy := newCutProxy(t, h.mqttAddr)
	var st states
	opts := h.options()
	opts.MQTTAddr, opts.OnStateChange = proxy.addr(), st.record
	opts.Retry = RetryPolicy{InitialDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}
	d := h.open(cs, opts)

	send(t, svc, "dev1", &Message{Body: []byte("one"), MessageID: "m-1", Ack: AckFull})
	first := receive(t, d)
	proxy.cut()
	waitUntil(t, "the device to reconnect", func() bool { return st.seen(StateConnected) == 1 })
	checkRedelivered(t, svc, d, first, d)
	if st.seen(StateDisconnected) != 1 || st.seen(StateReconnecting) != 1 {
		t.Errorf("states = %+v; want one disconnected, one reconnecting, one connected", st.list())
	}
	if c := st.last(); c.Connection != "mqtt" || c.DeviceID != "dev1" || c.Host != "localhost" {
		t.Errorf("state change names %q %q %q; want mqtt, dev1, localhost", c.Connection, c.DeviceID, c.Host)
	}
}

func TestMQTTSecondConnectionOfADeviceDropsTheFirst(t *testing.T) {
	h := startMQTTHub(t)
	cs := h.addDevice("dev1")
	svc := h.service()
	var st states
	first, _ := clockedOptions(h, &st) // its back-off never ends: it does not take the device back
	d1 := h.open(cs, first)
	send(t, svc, "dev1", &Message{Body: []byte("one"), MessageID: "m-1", Ack: AckPositive})
	held := receive(t, d1)

	d2 := h.open(cs, h.options())
	waitUntil(t, "the first connection to be dropped", func() bool { return st.seen(StateDisconnected) == 1 })
	checkRedelivered(t, svc, d1, held, d2)
	if c := st.last(); c.State != StateReconnecting {
		t.Errorf("first device's last state = %s; want reconnecting", c.State)
	}
}

func TestMQTTWrongCredentialsAreRefused(t *testing.T) {
	h := startMQTTHub(t)
	dev1, dev2 := h.addDevice("dev1"), h.addDevice("dev2")
	wrongKey := dev1
	wrongKey.SharedAccessKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU="
	othersToken := dev1
	othersToken.SharedAccessKey = ""
	othersToken.SharedAccessSignature = deviceToken(t, dev2, time.Now().Add(time.Hour))
	unknown := dev1
	unknown.DeviceID = "nobody"
	for name, cs := range map[string]ConnectionString{"wrong key": wrongKey, "another device's token": othersToken, "unknown device": unknown} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			d, err := OpenMQTTDevice(ctx, cs, h.options())
			if err == nil {
				_ = d.Close(ctx)
				t.Fatal("connected; want a refusal")
			}
			if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "CONNACK 5") {
				t.Errorf("err = %v; want ErrUnauthorized with CONNACK 5", err)
			}
			for _, secret := range []string{cs.SharedAccessKey, cs.SharedAccessSignature, "sig="} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
		})
	}
	if n := h.logs.count("refused"); n != 3 {
		t.Errorf("the hub logged %d refusals; want 3", n)
	}
}

func TestMQTTExpiredTokenIsRefusedBeforeDialling(t *testing.T) {
	h := startMQTTHub(t)
	cs := h.addDevice("dev1")
	cs.SharedAccessSignature = deviceToken(t, cs, time.Now().Add(-time.Minute))
	cs.SharedAccessKey = ""
	opts := h.options()
	opts.MQTTAddr = closedPort(t)
	_, err := OpenMQTTDevice(context.Background(), cs, opts)
	if !errors.Is(err, ErrTokenExpired) {
		t.Errorf("err = %v; want ErrTokenExpired", err)
	}
}

// deviceToken is a SAS token of cs's device, signed with its key.
func deviceToken(t *testing.T, cs ConnectionString, expiry time.Time) string {
	t.Helper()
	tok, err := NewSASToken(DeviceScope(cs.HostName, cs.DeviceID, ""), "", cs.SharedAccessKey, expiry)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token()
}

func TestMQTTAnotherDevicesTopicIsRefused(t *testing.T) {
	h := startMQTTHub(t)
	svc := h.service()
	d1 := h.open(h.addDevice("dev1"), h.options())
	d2 := h.open(h.addDevice("dev2"), h.options())

	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	err := d1.current().subscribe(ctx, deviceboundFilter("dev2"))
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "SUBACK 0x80") {
		t.Fatalf("subscribing dev1 to dev2's topic = %v; want ErrUnauthorized, SUBACK 0x80", err)
	}
	send(t, svc, "dev2", &Message{Body: []byte("for dev2"), MessageID: "m-2"})
	if m := receive(t, d2); m.MessageID != "m-2" {
		t.Fatalf("dev2 got %q; want m-2", m.MessageID)
	}
	send(t, svc, "dev1", &Message{Body: []byte("for dev1"), MessageID: "m-1"})
	if m := receive(t, d1); m.MessageID != "m-1" {
		t.Errorf("dev1 got %q; want its own m-1 (and never dev2's m-2)", m.MessageID)
	}
}

func TestMQTTRejectAndAbandonAreNotSupportedAndSendNothing(t *testing.T) {
	h := startMQTTHub(t)
	d := h.open(h.addDevice("dev1"), h.options())
	svc := h.service()
	send(t, svc, "dev1", &Message{Body: []byte("x"), MessageID: "m-1", Ack: AckFull})
	m := receive(t, d)
	for name, settle := range map[string]func(context.Context, *Message) error{"reject": d.Reject, "abandon": d.Abandon} {
		err := settle(context.Background(), m)
		if !errors.Is(err, ErrNotSupportedOverMQTT) || !strings.Contains(err.Error(), "not supported over MQTT") {
			t.Errorf("%s = %v; want ErrNotSupportedOverMQTT", name, err)
		}
	}
	if n := h.queueDepth("dev1"); n != 1 {
		t.Errorf("queue depth after reject and abandon = %d; want 1 (the message still locked)", n)
	}
	complete(t, d, m)
	if fb := feedback(t, svc, 1); fb[0].Status != FeedbackSuccess {
		t.Errorf("feedback = %s; want Success: nothing but the PUBACK reached the hub", fb[0].Status)
	}
}

func TestMQTTDeviceWithAHashInItsIDIsRefused(t *testing.T) {
	cs := ConnectionString{HostName: "localhost", DeviceID: "a#b", SharedAccessKey: testKey}
	_, err := OpenMQTTDevice(context.Background(), cs, &Options{MQTTAddr: closedPort(t)})
	if !errors.Is(err, ErrArgument) || !strings.Contains(err.Error(), "wildcard") {
		t.Errorf("err = %v; want ErrArgument naming the wildcard", err)
	}
}

func TestMQTTDeviceDialsTheGatewayHostName(t *testing.T) {
	h := startMQTTHub(t)
	cs := h.addDevice("dev1")
	cs.GatewayHostName = h.mqttAddr
	d := h.open(cs, &Options{CAPEM: h.pki.caPEM})
	send(t, h.service(), "dev1", &Message{Body: []byte("via gateway"), MessageID: "m-1"})
	if m := receive(t, d); string(m.Body) != "via gateway" {
		t.Errorf("got %q", m.Body)
	}
}

func TestMQTTUntrustedHubIsTLSError(t *testing.T) {
	h := startMQTTHub(t)
	cs := h.addDevice("dev1")
	_, err := OpenMQTTDevice(context.Background(), cs, &Options{MQTTAddr: h.mqttAddr})
	if !errors.Is(err, ErrTLS) {
		t.Errorf("err = %v; want ErrTLS", err)
	}
}

func TestMQTTSilentHubEndsAtTheContextDeadline(t *testing.T) {
	done := noMQTTLeak(t)
	pki := newTestPKI(t, "localhost")
	addr := silentTLSServer(t, pki)
	cs := ConnectionString{HostName: "localhost", DeviceID: "dev1", SharedAccessKey: testKey}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := OpenMQTTDevice(ctx, cs, &Options{MQTTAddr: addr, CAPEM: pki.caPEM})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want the context's deadline", err)
	}
	done()
}
