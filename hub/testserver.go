package hub

import "context"

// TB is the part of testing.TB that NewTestServer uses, so that this package
// does not import testing.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// NewTestServer starts a hub for a test, as httptest.NewServer starts an HTTP
// server: on ephemeral loopback ports, with a fresh CA, closed when the test
// ends. A hub that cannot start fails the test.
//
//	h := hub.NewTestServer(t, hub.Options{})
//	device, _ := h.AddDevice("thermostat-1")
//	// dial h.AMQPAddr() or, for a device, h.MQTTAddr() with
//	// h.ClientTLSConfig(); authenticate with h.ConnectionString() or device
func NewTestServer(t TB, opts Options) *Server {
	t.Helper()
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting the embedded IoT Hub: %v", err)
		return nil
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
