package iothub

import (
	"time"
)

// ConnectionState is the state of a client's connection, AMQP or MQTT.
type ConnectionState string

// The connection states a StateChange reports.
const (
	StateConnected    ConnectionState = "connected"    // open and authenticated; links restored after a reconnect
	StateDisconnected ConnectionState = "disconnected" // lost; a reconnect follows
	StateReconnecting ConnectionState = "reconnecting" // about to dial again after a back-off
	StateRenewFailed  ConnectionState = "renew-failed" // a token renewal failed; the connection stays up
	StateClosed       ConnectionState = "closed"       // closed by Close, or given up after the retry policy ran out
)

// StateChange tells a caller what happened to a connection.
type StateChange struct {
	Connection string          // which connection: "service", "devices" (AMQP) or "mqtt" (one MQTT device)
	Host       string          // the hub's HostName
	State      ConnectionState // the new state
	Attempt    int             // the reconnect attempt, from 1; 0 otherwise
	Delay      time.Duration   // the back-off before this reconnect attempt
	DeviceID   string          // for StateRenewFailed: whose token; for "mqtt": the device
	Err        error           // why, if it was a failure
}

// clientProperties are the link properties this client announces, as the
// official SDKs announce theirs.
func clientProperties() map[string]any {
	return map[string]any{"com.microsoft:client-version": "hubspec-iothub/0.1"}
}
