package mqtthead_test

import (
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/eclipse/paho.mqtt.golang/packets"

	"github.com/hubspec/hubspec/hub/core"
)

// otherKey is a valid base64 key that no device or policy has.
const otherKey = "c2VjcmV0LWtleS10aGF0LWlzLW5vdC1yZWdpc3RlcmVk"

func TestConnectRefusals(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	key2 := h.addDevice("dev2")
	h.addDevice("off")
	if _, err := h.core.UpdateDevice(core.DeviceSpec{DeviceID: "off", Status: core.DeviceDisabled}, "*"); err != nil {
		t.Fatal(err)
	}
	expired, err := core.SignToken(url.QueryEscape("localhost/devices/dev1"), "", key, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		id      string
		options []deviceOption
		want    error
	}{
		{"token signed with another key", "dev1", []deviceOption{credentials(h.username("dev1"), h.token("dev1", otherKey))}, packets.ErrorRefusedNotAuthorised},
		{"expired token", "dev1", []deviceOption{credentials(h.username("dev1"), expired)}, packets.ErrorRefusedNotAuthorised},
		{"another device's token", "dev1", []deviceOption{credentials(h.username("dev1"), h.token("dev2", key2))}, packets.ErrorRefusedNotAuthorised},
		{"unknown device", "ghost", []deviceOption{credentials(h.username("ghost"), h.token("ghost", otherKey))}, packets.ErrorRefusedNotAuthorised},
		{"disabled device", "off", []deviceOption{credentials(h.username("off"), h.token("off", otherKey))}, packets.ErrorRefusedNotAuthorised},
		{"not a SAS token", "dev1", []deviceOption{credentials(h.username("dev1"), "hunter2")}, packets.ErrorRefusedNotAuthorised},
		{"no password", "dev1", []deviceOption{credentials(h.username("dev1"), "")}, packets.ErrorRefusedNotAuthorised},
		{"username of another device", "dev1", []deviceOption{credentials(h.username("dev2"), h.token("dev1", key))}, packets.ErrorRefusedNotAuthorised},
		{"username without a device", "dev1", []deviceOption{credentials("localhost/?api-version=2021-04-12", h.token("dev1", key))}, packets.ErrorRefusedBadUsernameOrPassword},
		{"username without a host", "dev1", []deviceOption{credentials("dev1", h.token("dev1", key))}, packets.ErrorRefusedBadUsernameOrPassword},
		{"no username", "dev1", []deviceOption{credentials("", h.token("dev1", key))}, packets.ErrorRefusedBadUsernameOrPassword},
		{"client id that is no device id", "dev 1", []deviceOption{credentials(h.username("dev 1"), h.token("dev1", key))}, packets.ErrorRefusedIDRejected},
		{"module client id", "dev1/mod1", []deviceOption{credentials(h.username("dev1/mod1"), h.token("dev1", key))}, packets.ErrorRefusedIDRejected},
		{"empty client id", "", []deviceOption{credentials(h.username("dev1"), h.token("dev1", key)), cleanSession(false)}, packets.ErrorRefusedIDRejected},
		{"MQTT 3.1", "dev1", []deviceOption{protocolVersion(3)}, packets.ErrorRefusedBadProtocolVersion},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.dial(tc.id, "", append([]deviceOption{clientID(tc.id)}, tc.options...)...)
			if !errors.Is(err, tc.want) {
				t.Errorf("CONNECT refused with %v; want %v", err, tc.want)
			}
		})
	}
	if dev, _ := h.core.Device("dev1"); dev.ConnectionState != core.Disconnected {
		t.Errorf("dev1 is %s after refused connections; want Disconnected", dev.ConnectionState)
	}
}

func TestRefusalsAreLoggedWithoutTheToken(t *testing.T) {
	h := startHub(t)
	h.addDevice("dev1")
	wrong := h.token("dev1", otherKey)
	if _, err := h.dial("dev1", "", credentials(h.username("dev1"), wrong)); err == nil {
		t.Fatal("a token signed with another key was accepted")
	}
	// A confused client sends its token as the client id.
	if _, err := h.dial(wrong, "", clientID(wrong), credentials(h.username("dev1"), wrong)); !errors.Is(err, packets.ErrorRefusedIDRejected) {
		t.Fatalf("a token as client id: %v; want identifier rejected", err)
	}
	refused := h.logs.containing("refused")
	if len(refused) != 2 || !strings.Contains(refused[0], "dev1") || !strings.Contains(refused[0], "5 (not authorized)") || !strings.Contains(refused[1], "2 (identifier rejected)") {
		t.Errorf("refusal log lines %q; want one naming dev1 with CONNACK 5, one with CONNACK 2", refused)
	}
	sig := wrong[strings.Index(wrong, "sig=")+4:]
	sig = sig[:strings.IndexByte(sig, '&')]
	for _, secret := range []string{wrong, sig, "sig="} {
		if lines := h.logs.containing(secret); len(lines) > 0 {
			t.Errorf("the log shows a secret (%.12s…): %q", secret, lines)
		}
	}
}

func TestLenientUsernamesAreAccepted(t *testing.T) {
	h := startHub(t)
	key := h.addDevice("dev1")
	_, port, _ := net.SplitHostPort(h.addr)
	for _, user := range []string{
		"localhost/dev1/?api-version=2021-04-12",
		"localhost:" + port + "/dev1/?api-version=2016-11-14&DeviceClientType=x&model-id=dtmi%3Acom%3Aexample%3Bthermostat%3B1&unknown",
		"myhub.azure-devices.net/dev1/?api-version=2099-01-01",
		"localhost/dev1/?",
		"localhost/dev1/",
		"localhost/dev1",
	} {
		d, err := h.dial("dev1", "", credentials(user, h.token("dev1", key)))
		if err != nil {
			t.Errorf("username %q refused: %v", user, err)
			continue
		}
		d.client.Disconnect(0)
	}
}

func TestPolicyTokenWithDeviceConnectIsAccepted(t *testing.T) {
	h := startHub(t)
	h.addDevice("dev1")
	policy, ok := h.core.Policy("device")
	if !ok {
		t.Fatal("no device policy")
	}
	tok, err := core.SignToken("localhost/devices/dev1", "device", policy.PrimaryKey, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.dial("dev1", "", credentials(h.username("dev1"), tok))
	if err != nil {
		t.Fatalf("a device-scoped token of the device policy was refused: %v", err)
	}
	d.subscribeC2D(1)
	h.send("dev1", &core.Message{MessageID: "via policy"})
	if m := d.next(); bag(t, m.Topic())["$.mid"] != "via policy" {
		t.Errorf("got %s", m.Topic())
	}
}

func TestServicePolicyTokenIsRefused(t *testing.T) {
	h := startHub(t)
	h.addDevice("dev1")
	policy, _ := h.core.Policy("service")
	tok, err := core.SignToken("localhost", "service", policy.PrimaryKey, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dial("dev1", "", credentials(h.username("dev1"), tok)); !errors.Is(err, packets.ErrorRefusedNotAuthorised) {
		t.Errorf("a service policy token: %v; want not authorized (no DeviceConnect)", err)
	}
}
