// Package amqphead is the embedded IoT Hub's AMQP head: IoT Hub's AMQP 1.0
// surface for cloud-to-device messaging, as a set of nodes on hubspec's AMQP
// engine (internal/amqpserver) over the transport-independent core (hub/core).
// The facts it follows are the shared wire spec, iothub-c2d-wire.md (§n below).
//
// # Connecting
//
// Every way the official SDKs connect is accepted (§2.2): the bare
// "AMQP 0 1 0 0" header (Node, .NET), SASL ANONYMOUS or MSSBCBS (C devices,
// Python), each followed by CBS put-tokens, and SASL PLAIN with the username
// "{policy}@sas.root.{hub}" or "{deviceId}@sas.{hub}" and a SAS token as the
// password (C service), which authorizes the whole connection. TLS is the
// caller's listener.
//
// # Nodes
//
//	$cbs                                  put-token (§2.4)
//	/messages/devicebound                 a service sends C2D messages (§4)
//	/devices/{id}/messages/devicebound    a device receives them (§5)
//	/messages/servicebound/feedback       a service receives feedback (§7)
//
// Addresses are compared after stripping amqps://host[:port] and
// case-insensitively, with the device id URL-decoded (§3). Addresses of IoT
// Hub features outside C2D (telemetry, twins, methods, modules) are refused
// with amqp:not-implemented; anything else with amqp:not-found.
//
// # Authority
//
// A connection holds the identities its tokens proved (core.Identity, kept on
// the amqpserver.Conn): a put-token adds one, a new token for the same policy
// or device replaces the old (renewal on a live connection), and every attach
// and every C2D send is authorized against what the connection holds then,
// with the token's expiry. The CBS audience ("name") is never trusted: the
// identity comes from the token alone. A device's token opens only its own
// queue. A refused link is attached and detached with
// amqp:unauthorized-access.
//
// # CBS
//
// A request is settled (accepted) before its reply; the reply goes on the
// $cbs reply link of the same session, pre-settled, with the request's
// message-id as correlation-id (same AMQP type) and status-code as an AMQP
// int: 200 "OK", 400 for a request that is not a put-token, 401 for a token
// the hub refuses (the description says why, never the token).
//
// # Sending, receiving, settling
//
// A C2D message is accepted, or rejected with an error condition the SDKs
// map to their error classes (§4.3): amqp:not-found (no such device),
// amqp:resource-limit-exceeded (50 queued), amqp:link:message-size-exceeded
// (over 65,536 bytes), com.microsoft:device-container-throttled (simulated
// throttling), com.microsoft:argument-error (no or bad `to` or iothub-ack),
// amqp:unauthorized-access. Each error carries a com.microsoft:tracking-id.
//
// Devices and feedback consumers receive unsettled transfers with the 16-byte
// lock token as delivery tag, within their credit; accepted completes,
// rejected dead-letters, released or modified abandons. A disposition for a
// lock that is gone is ignored (or answered com.microsoft:message-lock-lost
// when the peer waits for our settlement, rcv-settle-mode second). A link or
// connection that goes away returns its locked messages to the queue without
// counting a delivery.
package amqphead
