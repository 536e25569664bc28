package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"github.com/hubspec/hubspec/hub/core"
)

// checkDeviceConnectsOverMQTT registers a device through the printed HTTPS
// address and connects it, as IoT Hub's MQTT devices do, to the printed MQTT
// address trusting only the printed CA: CONNACK 0, then its C2D subscription
// granted at QoS 1.
func checkDeviceConnectsOverMQTT(t *testing.T, h *runningHub) {
	t.Helper()
	const id = "hub-command-mqtt"
	key := h.createDevice(t, id)
	token, err := core.SignToken(url.QueryEscape("localhost/devices/"+id), "", key, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	addr := h.lines["IOTHUB_MQTT_ADDR"]
	_, port, _ := net.SplitHostPort(addr)
	client := paho.NewClient(paho.NewClientOptions().AddBroker("tls://" + addr).SetTLSConfig(h.clientTLS(t)).
		SetClientID(id).SetUsername("localhost:" + port + "/" + id + "/?api-version=2021-04-12").SetPassword(token).
		SetProtocolVersion(4).SetAutoReconnect(false).SetConnectTimeout(10 * time.Second))
	if tok := client.Connect(); !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("MQTT device to the printed address with the printed CA: %v", tok.Error())
	}
	defer client.Disconnect(0)
	filter := "devices/" + id + "/messages/devicebound/#"
	tok := client.Subscribe(filter, 1, nil)
	if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
		t.Fatalf("MQTT subscribe: %v", tok.Error())
	}
	if qos := tok.(*paho.SubscribeToken).Result()[filter]; qos != 1 {
		t.Errorf("C2D subscription granted QoS %d, want 1", qos)
	}
}

// createDevice registers a device over the printed HTTPS address and returns
// its generated primary key.
func (h *runningHub) createDevice(t *testing.T, id string) string {
	t.Helper()
	resp, err := h.registry(t, http.MethodPut, "/devices/"+id, `{"deviceId":"`+id+`"}`)
	if err != nil {
		t.Fatalf("create device %s: %v", id, err)
	}
	defer resp.Body.Close()
	var d struct {
		Authentication struct {
			SymmetricKey struct{ PrimaryKey string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil || resp.StatusCode != http.StatusOK || d.Authentication.SymmetricKey.PrimaryKey == "" {
		t.Fatalf("create device %s: %s, %v", id, resp.Status, err)
	}
	return d.Authentication.SymmetricKey.PrimaryKey
}
