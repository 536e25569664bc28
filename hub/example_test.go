package hub_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/hubspec/hubspec/hub"
)

// Start a hub on ephemeral ports, register a device and read what a client
// needs: connection strings, the CA to trust and the addresses to dial.
func ExampleStart() {
	h, err := hub.Start(context.Background(), hub.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	device, _ := h.AddDevice("thermostat-1")
	fmt.Println(strings.HasPrefix(h.ConnectionString(), "HostName=localhost;SharedAccessKeyName=iothubowner;SharedAccessKey="))
	fmt.Println(strings.HasPrefix(device, "HostName=localhost;DeviceId=thermostat-1;SharedAccessKey="))
	fmt.Println(strings.HasPrefix(string(h.CAPEM()), "-----BEGIN CERTIFICATE-----"))
	for _, ep := range h.Endpoints() {
		fmt.Println(ep.Protocol, strings.HasPrefix(ep.Addr, "127.0.0.1:"))
	}
	// Output:
	// true
	// true
	// true
	// AMQP true
	// HTTPS true
	// MQTT true
}
