package hub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub/internal/amqptest"
)

// TestHelperIdleDevices is the child process of BenchmarkMemoryPerIdleDevice:
// it connects the devices listed in HUBSPEC_IDLE_DEVICES, prints "ready" and
// holds them until its stdin closes. It does nothing in a normal test run.
func TestHelperIdleDevices(t *testing.T) {
	list := os.Getenv("HUBSPEC_IDLE_DEVICES")
	if list == "" {
		t.Skip("the child process of BenchmarkMemoryPerIdleDevice")
	}
	data, _ := os.ReadFile(list)
	var css []string
	if err := json.Unmarshal(data, &css); err != nil {
		t.Fatal(err)
	}
	ca, _ := os.ReadFile(os.Getenv("HUBSPEC_IDLE_CA"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	h := amqptest.Hub{Addr: os.Getenv("HUBSPEC_IDLE_ADDR"), TLS: &tls.Config{RootCAs: pool, ServerName: "localhost"}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, cs := range css {
		p, _ := amqptest.ParseConnectionString(cs)
		c, err := amqptest.Open(ctx, h, p)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.NewReceiver(ctx, amqptest.DeviceBound(p.DeviceID), 50); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
}
