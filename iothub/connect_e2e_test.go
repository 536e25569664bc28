package iothub

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
)

// A device connects with its key, with a SAS token from its connection
// string, and through its GatewayHostName; a client trusts the hub through a
// CA file. Each then receives.
func TestE2EWaysToConnectADevice(t *testing.T) {
	h := startHub(t, hub.Options{})
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, h.srv.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	svc := h.service(&Options{AMQPAddr: h.srv.AMQPAddr(), CAFile: caFile})
	key := h.createDevice("with-key")
	token := h.createDevice("with-token")
	token.SharedAccessKey, token.SharedAccessSignature = "", deviceToken(t, token, time.Now().Add(time.Hour))
	gateway := h.createDevice("via-gateway")
	gateway.GatewayHostName = h.srv.AMQPAddr()
	for name, c := range map[string]struct {
		cs   ConnectionString
		opts *Options
	}{
		"key":             {key, h.options()},
		"SAS token":       {token, h.options()},
		"GatewayHostName": {gateway, &Options{CAPEM: h.srv.CAPEM()}},
		"CA file":         {key, &Options{AMQPAddr: h.srv.AMQPAddr(), CAFile: caFile}},
	} {
		t.Run(name, func(t *testing.T) {
			d := h.openDevice(c.cs, c.opts)
			send(t, svc, c.cs.DeviceID, &Message{Body: []byte(name), MessageID: name})
			m := receive(t, d)
			if m.MessageID != name {
				t.Fatalf("got %s; want %s", m.MessageID, name)
			}
			complete(t, d, m)
			if err := d.Close(within(t)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A device deleted while it waits for a message gets ErrDeviceNotFound from
// Receive: the hub detaches its link.
func TestE2EReceiveOfADeletedDevice(t *testing.T) {
	h := startHub(t, hub.Options{})
	d := h.openDevice(h.createDevice("dev1"), h.options())
	waiting := receiveInBackground(d)
	if err := h.registry().DeleteDevice(within(t), "dev1"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-waiting:
		if !errors.Is(err, ErrDeviceNotFound) {
			t.Fatalf("receive of a deleted device = %v; want ErrDeviceNotFound", err)
		}
	case <-time.After(patience):
		t.Fatal("receive of a deleted device did not return")
	}
}
