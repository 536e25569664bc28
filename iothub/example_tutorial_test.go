package iothub_test

import (
	"context"
	"fmt"
	"log"
	"maps"
	"slices"
	"time"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/iothub"
)

// The seed tutorial, run against hubspec's embedded hub. Against Azure, leave
// out the hub and the Options, and take the connection strings from the
// portal.

// A device receives a C2D message, prints its body and properties, and
// completes it.
func ExampleOpenAMQPDevice() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h, opts := startExampleHub(ctx)
	defer h.Close()
	service, device := exampleConnectionStrings(ctx, h, opts)
	sendExampleMessage(ctx, service, opts)

	d, err := iothub.OpenAMQPDevice(ctx, device, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close(ctx)
	msg, err := d.Receive(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("body: %s\n", msg.Body)
	fmt.Println("message id:", msg.MessageID)
	fmt.Println("correlation id:", msg.CorrelationID)
	fmt.Println("ack:", msg.Ack)
	for _, k := range slices.Sorted(maps.Keys(msg.Properties)) {
		fmt.Printf("property %s: %s\n", k, msg.Properties[k])
	}
	if err := d.Complete(ctx, msg); err != nil {
		log.Fatal(err)
	}
	// Output:
	// body: {"setpoint":21.5}
	// message id: c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f
	// correlation id: corr-1
	// ack: full
	// property room: kitchen
}

// A service sends a C2D message with a message id, a correlation id, a
// property and ack full, and reads the feedback once the device has
// completed it.
func ExampleServiceClient_Send() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h, opts := startExampleHub(ctx)
	defer h.Close()
	service, device := exampleConnectionStrings(ctx, h, opts)

	client, err := iothub.NewServiceClient(ctx, service, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)
	feedback, err := client.FeedbackReceiver(ctx)
	if err != nil {
		log.Fatal(err)
	}
	msg := iothub.NewMessage([]byte(`{"setpoint":21.5}`))
	msg.MessageID = "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f"
	msg.CorrelationID = "corr-1"
	msg.Properties = map[string]string{"room": "kitchen"}
	msg.Ack = iothub.AckFull
	if err := client.Send(ctx, device.DeviceID, msg); err != nil {
		log.Fatal(err) // errors.Is(err, iothub.ErrDeviceNotFound), …
	}
	fmt.Println("sent", msg.MessageID)

	completeExampleMessage(ctx, device, opts)

	batch, err := feedback.Receive(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range batch.Records {
		fmt.Println("feedback:", r.OriginalMessageID, r.DeviceID, r.Status)
	}
	if err := feedback.Complete(ctx, batch); err != nil {
		log.Fatal(err)
	}
	// Output:
	// sent c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f
	// feedback: c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f thermostat-1 Success
}

// startExampleHub starts an embedded hub and returns the Options that reach
// it: its listen addresses and its CA.
func startExampleHub(ctx context.Context) (*hub.Server, *iothub.Options) {
	h, err := hub.Start(ctx, hub.Options{})
	if err != nil {
		log.Fatal(err)
	}
	return h, &iothub.Options{AMQPAddr: h.AMQPAddr(), HTTPSAddr: h.HTTPSAddr(), CAPEM: h.CAPEM()}
}

// exampleConnectionStrings returns the hub's service connection string and
// that of a device, thermostat-1, created through the registry.
func exampleConnectionStrings(ctx context.Context, h *hub.Server, opts *iothub.Options) (service, device iothub.ConnectionString) {
	service, err := iothub.ParseConnectionString(h.ConnectionString())
	if err != nil {
		log.Fatal(err)
	}
	registry, err := iothub.NewRegistry(service, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer registry.Close()
	d, err := registry.CreateDevice(ctx, iothub.DeviceIdentity{DeviceID: "thermostat-1"})
	if err != nil {
		log.Fatal(err)
	}
	return service, d.ConnectionString(service.HostName)
}

// sendExampleMessage is the service's half of the tutorial.
func sendExampleMessage(ctx context.Context, service iothub.ConnectionString, opts *iothub.Options) {
	client, err := iothub.NewServiceClient(ctx, service, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)
	msg := iothub.NewMessage([]byte(`{"setpoint":21.5}`))
	msg.MessageID, msg.CorrelationID, msg.Ack = "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f", "corr-1", iothub.AckFull
	msg.Properties = map[string]string{"room": "kitchen"}
	if err := client.Send(ctx, "thermostat-1", msg); err != nil {
		log.Fatal(err)
	}
}

// completeExampleMessage is the device's half of the tutorial.
func completeExampleMessage(ctx context.Context, device iothub.ConnectionString, opts *iothub.Options) {
	d, err := iothub.OpenAMQPDevice(ctx, device, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close(ctx)
	msg, err := d.Receive(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if err := d.Complete(ctx, msg); err != nil {
		log.Fatal(err)
	}
}
