package iothub

import (
	"context"
	"errors"
	"net"
	"runtime"
	"testing"
	"time"
)

// noLeak fails the test if goroutines started after it was called are still
// running once the test's work is done.
func noLeak(t *testing.T) func() {
	t.Helper()
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		waitUntil(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
	}
}

func serviceCS(host string) ConnectionString {
	return ConnectionString{HostName: host, SharedAccessKeyName: "iothubowner", SharedAccessKey: testKey}
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestServiceClientRefusedConnectionIsConnectionLost(t *testing.T) {
	check := noLeak(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := NewServiceClient(ctx, serviceCS("myhub.azure-devices.net"), &Options{AMQPAddr: closedPort(t)})
	if !errors.Is(err, ErrConnectionLost) {
		t.Fatalf("err = %v, want ErrConnectionLost", err)
	}
	check()
}

func TestServiceClientUntrustedHubIsTLSError(t *testing.T) {
	pki := newTestPKI(t, "myhub.azure-devices.net")
	addr := silentTLSServer(t, pki)
	check := noLeak(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := NewServiceClient(ctx, serviceCS("myhub.azure-devices.net"), &Options{AMQPAddr: addr})
	if !errors.Is(err, ErrTLS) || IsRetryable(err) {
		t.Fatalf("err = %v, want ErrTLS, not retryable", err)
	}
	check()
}

func TestSilentHubEndsAtTheContextDeadline(t *testing.T) {
	pki := newTestPKI(t, "myhub.azure-devices.net")
	addr := silentTLSServer(t, pki)
	check := noLeak(t)
	for name, open := range map[string]func(ctx context.Context) error{
		"service": func(ctx context.Context) error {
			_, err := NewServiceClient(ctx, serviceCS("myhub.azure-devices.net"), &Options{AMQPAddr: addr, CAPEM: pki.caPEM})
			return err
		},
		"device": func(ctx context.Context) error {
			cs := ConnectionString{HostName: "myhub.azure-devices.net", DeviceID: "d1", SharedAccessKey: testKey}
			_, err := OpenAMQPDevice(ctx, cs, &Options{AMQPAddr: addr, CAPEM: pki.caPEM})
			return err
		},
		"devices": func(ctx context.Context) error {
			_, err := NewDeviceConnection(ctx, "myhub.azure-devices.net", &Options{AMQPAddr: addr, CAPEM: pki.caPEM})
			return err
		},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := open(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want the context's deadline from a hub that never answers", name, err)
		}
	}
	check()
}

func TestDeviceClientRefusesWhatItCannotDo(t *testing.T) {
	ctx := context.Background()
	expired, _ := NewSASToken(DeviceScope("h", "d", ""), "", testKey, time.Now().Add(-time.Minute))
	tests := []struct {
		name string
		cs   ConnectionString
		want error
	}{
		{"x509", ConnectionString{HostName: "h", DeviceID: "d", X509: true}, ErrNotImplemented},
		{"module", ConnectionString{HostName: "h", DeviceID: "d", ModuleID: "m", SharedAccessKey: testKey}, ErrNotImplemented},
		{"service string", serviceCS("h"), ErrBadConnectionString},
		{"expired token", ConnectionString{HostName: "h", DeviceID: "d", SharedAccessSignature: expired.Token()}, ErrTokenExpired},
		{"bad token", ConnectionString{HostName: "h", DeviceID: "d", SharedAccessSignature: "SharedAccessSignature sr=h"}, ErrBadSASToken},
		{"no credentials", ConnectionString{HostName: "h", DeviceID: "d"}, ErrBadConnectionString},
	}
	for _, tt := range tests {
		// AMQPAddr is a closed port: each must fail before dialing.
		_, err := OpenAMQPDevice(ctx, tt.cs, &Options{AMQPAddr: closedPort(t)})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestServiceAndRegistryRefuseDeviceStrings(t *testing.T) {
	dev := ConnectionString{HostName: "h", DeviceID: "d", SharedAccessKey: testKey}
	if _, err := NewServiceClient(context.Background(), dev, nil); !errors.Is(err, ErrBadConnectionString) {
		t.Errorf("service client: %v", err)
	}
	if _, err := NewRegistry(dev, nil); !errors.Is(err, ErrBadConnectionString) {
		t.Errorf("registry: %v", err)
	}
}
