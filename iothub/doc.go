// Package iothub is a client toolkit for Azure IoT Hub cloud-to-device (C2D)
// messaging. It speaks to a hub only over the network, as the official SDKs
// do: AMQP 1.0 over TLS (github.com/Azure/go-amqp) for sending, receiving and
// feedback, MQTT 3.1.1 over TLS (github.com/eclipse/paho.mqtt.golang) for
// devices that receive as MQTT devices do, HTTPS for the identity registry. So
// it works the same against Azure and against hubspec's embedded hub.
//
// # The seed tutorial
//
// A device receives a C2D message, prints its body and properties, and
// completes it:
//
//	cs, err := iothub.ParseConnectionString(os.Getenv("DEVICE_CONNECTION_STRING"))
//	if err != nil {
//		log.Fatal(err) // names the missing or bad key, never the key itself
//	}
//	device, err := iothub.OpenAMQPDevice(ctx, cs, nil)
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer device.Close(ctx)
//	msg, err := device.Receive(ctx)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Printf("%s id=%s correlation=%s ack=%s props=%v\n",
//		msg.Body, msg.MessageID, msg.CorrelationID, msg.Ack, msg.Properties)
//	err = device.Complete(ctx, msg)
//
// A service sends it with a message id, a correlation id, a property and
// ack full, and reads the feedback:
//
//	cs, _ := iothub.ParseConnectionString(os.Getenv("IOTHUB_CONNECTION_STRING"))
//	service, err := iothub.NewServiceClient(ctx, cs, nil)
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer service.Close(ctx)
//	feedback, err := service.FeedbackReceiver(ctx)
//	msg := iothub.NewMessage([]byte("hello c2d"))
//	msg.MessageID = "c2a3f7c4-0e34-4c58-9a9e-1a2b3c4d5e6f" // sent as an AMQP uuid, as the Node SDK does
//	msg.CorrelationID = "corr-1"
//	msg.Properties = map[string]string{"prop1": "value 1"}
//	msg.Ack = iothub.AckFull
//	if err := service.Send(ctx, "dev1", msg); errors.Is(err, iothub.ErrDeviceNotFound) {
//		log.Fatal("create the device first: ", err)
//	}
//	batch, err := feedback.Receive(ctx)
//	for _, r := range batch.Records {
//		fmt.Println(r.OriginalMessageID, r.DeviceID, r.Status) // c2a3f7c4-… dev1 Success
//	}
//	err = feedback.Complete(ctx, batch)
//
// # Pointing a client at an emulator
//
// Options.AMQPAddr, Options.MQTTAddr and Options.HTTPSAddr give the addresses
// to dial; the connection string's HostName stays the TLS server name, the SAS
// token scope, the AMQP open hostname and the MQTT username's host. Options.CAFile, CAPEM or RootCAs add the
// emulator's CA to the system roots. For Azure, the zero Options do.
//
// # Connections
//
// Every AMQP client opens its connection without SASL and authenticates over
// the $cbs node with a SAS token per identity (spec §2.4). Key-based
// identities get tokens valid for Options.TokenLifetime (one hour) that are
// renewed with a new put-token on the live connection before they expire:
// links stay attached. A lost connection is dialled again with back-off under
// Options.Retry; every token is put again and every link re-attached, and
// Options.OnStateChange hears each step. A device's Receive carries on across
// a reconnect; a message received before it can no longer be settled
// (ErrMessageLockLost) and the hub delivers it again.
//
// A DeviceConnection carries many devices on one connection, each with its
// own token and link; OpenAMQPDevice gives a device a connection of its own.
// Both give an *AMQPDevice, which implements Device.
//
// # MQTT devices
//
// OpenMQTTDevice connects a device as the SDKs' MQTT transports do (spec §6):
// client id = device id, IoT Hub's username, a SAS token as the password,
// clean session false, a subscription to devices/{id}/messages/devicebound/#.
// A received message's properties are decoded from the topic's property bag
// into the same Message; Complete sends its PUBACK. MQTT has no reject or
// abandon: those return ErrNotSupportedOverMQTT and send nothing. A token is
// renewed by connecting again with a new one (spec §1.3), and a lost
// connection is dialled again with back-off, reported through
// Options.OnStateChange as for AMQP. *MQTTDevice implements Device too, so a
// runner drives a fleet that mixes both.
//
// # Errors
//
// A hub's refusal, over AMQP or HTTPS, is an *Error whose Kind is one of the
// Err* values: test with errors.Is(err, iothub.ErrDeviceMaximumQueueDepthExceeded).
// It keeps the AMQP condition or HTTP status, the hub's description and
// tracking id, and says what to do where it can. IsRetryable tells throttling,
// server faults and lost connections from the rest. Every blocking call takes
// a context and ends with it. Keys, tokens and connection strings never
// appear in errors or in what String prints.
package iothub
