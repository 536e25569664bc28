package iothub_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/hubspec/hubspec/iothub"
)

// A device receives over MQTT, as the SDKs' MQTT transports do, and
// completes what it gets with a PUBACK. MQTT has no reject or abandon.
func ExampleOpenMQTTDevice() {
	ctx := context.Background()
	cs, err := iothub.ParseConnectionString(os.Getenv("DEVICE_CONNECTION_STRING"))
	if err != nil {
		log.Fatal(err)
	}
	device, err := iothub.OpenMQTTDevice(ctx, cs, &iothub.Options{
		MQTTAddr: os.Getenv("IOTHUB_MQTT_ADDR"), // an emulator's; empty for Azure (HostName:8883)
		CAFile:   os.Getenv("IOTHUB_CA_FILE"),
	})
	if err != nil {
		log.Fatal(err) // errors.Is(err, iothub.ErrUnauthorized) for a wrong key or token
	}
	defer device.Close(ctx)
	msg, err := device.Receive(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(msg.Body), msg.MessageID, msg.Properties)
	if err := device.Reject(ctx, msg); errors.Is(err, iothub.ErrNotSupportedOverMQTT) {
		fmt.Println("MQTT cannot reject; completing instead")
	}
	if err := device.Complete(ctx, msg); err != nil {
		log.Fatal(err)
	}
}
