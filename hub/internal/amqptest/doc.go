// Package amqptest holds go-amqp clients of the embedded IoT Hub for tests and
// benchmarks: a TLS dial, the CBS put-token exchange, SAS tokens, and a
// service and a device as the official SDKs open them (spec §2.4, §4, §5, §7).
// It speaks only the wire, like any other client of the hub; nothing here
// reaches into the hub.
package amqptest
