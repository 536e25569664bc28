package runner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/report"
	"github.com/hubspec/hubspec/runner"
)

// realHub is a hub started apart from the engine, which reaches it only as it would a
// real IoT Hub: through its connection string, a CA file and its addresses.
type realHub struct {
	srv    *hub.Server
	opts   runner.EngineOptions
	client *iothub.Registry
}

func startRealHub(t *testing.T) *realHub {
	t.Helper()
	srv, err := hub.Start(context.Background(), hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, srv.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := runner.EngineOptions{Hub: srv.ConnectionString(), CAFile: ca, AMQPAddr: srv.AMQPAddr(), HTTPSAddr: srv.HTTPSAddr()}
	cs, _ := iothub.ParseConnectionString(opts.Hub)
	reg, err := iothub.NewRegistry(cs, &iothub.Options{HTTPSAddr: opts.HTTPSAddr, CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	return &realHub{srv: srv, opts: opts, client: reg}
}

func (h *realHub) engine(t *testing.T) *runner.Engine {
	t.Helper()
	e, err := runner.NewEngine(h.opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close(context.Background()) })
	return e
}

// gone checks that the registry has no device with id.
func (h *realHub) gone(t *testing.T, id string) {
	t.Helper()
	_, err := h.client.GetDevice(context.Background(), id)
	if !errors.Is(err, iothub.ErrDeviceNotFound) {
		t.Errorf("device %s: GetDevice = %v, want ErrDeviceNotFound (the runner deletes what it creates)", id, err)
	}
}

func runProperty(c report.Case) string {
	for _, p := range c.Properties {
		if p.Name == "run" {
			return p.Value
		}
	}
	return ""
}

// TestRealHubPathProvisionsAndCleansUp: on a real hub, the fleet gets ids unique to the
// run, {device} is that id, and the devices are deleted at the end, also when the
// scenario fails.
func TestRealHubPathProvisionsAndCleansUp(t *testing.T) {
	t.Parallel()
	h := startRealHub(t)
	e := h.engine(t)
	if !e.RealHub() {
		t.Fatal("RealHub() = false with a connection string")
	}
	passing := parse(t, `
scenario: passes
fleet: [{group: g, id: "dev-{n}", count: 3}]
steps:
  - send: {id: s, group: g, messageId: "m-{run}-{device}", ack: full}
  - receives: {group: g, count: 1, messages: [{messageId: "m-{run}-{device}"}]}
  - feedback: {send: s, status: Success}
`)
	c := e.Run(context.Background(), passing)
	wantCase(t, c, report.Passed)
	run := runProperty(c)
	if !strings.Contains(c.Timeline, "m-"+run+"-dev-1-"+run+"  sent to dev-1-"+run) {
		t.Errorf("on a real hub the device id carries the run id and {device} names it; timeline:\n%s", c.Timeline)
	}
	h.gone(t, "dev-1-"+run)
	failing := parse(t, `
scenario: fails
fleet: [{id: lonely}]
steps:
  - receives: {device: lonely, count: 1, within: 200ms}
`)
	c = e.Run(context.Background(), failing)
	wantCase(t, c, report.Failed, "received 0 messages, want 1")
	h.gone(t, "lonely-"+runProperty(c))
}

// TestInterruptedRunCleansUp: when the run's context ends in the middle of a scenario,
// the case ends in error and the devices are deleted all the same.
func TestInterruptedRunCleansUp(t *testing.T) {
	t.Parallel()
	h := startRealHub(t)
	h.opts.RunID = "intr1"
	e := h.engine(t)
	sc := parse(t, `
scenario: interrupted
fleet: [{id: sleeper}]
steps:
  - wait: {for: 1m, reason: "the test interrupts the run here"}
`)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := e.Start(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.GetDevice(ctx, "sleeper-intr1"); err != nil {
		t.Fatalf("the session's device is not in the registry: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Do(ctx, sc.Steps[0]) }()
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("Do after the run's end = %v, want an interrupted error", err)
	}
	cctx, ccancel := context.WithTimeout(context.Background(), time.Minute)
	defer ccancel()
	if err := s.Close(cctx); err != nil {
		t.Errorf("Close = %v", err)
	}
	h.gone(t, "sleeper-intr1")
	interrupted := e.Run(ctx, sc) // a run whose context has ended errs at once
	wantCase(t, interrupted, report.Errored, "could not provision the fleet")
}

// TestRealHubUnreachable: a hub nobody answers for is an error of the scenario, and its
// explanation names the host, never the key.
func TestRealHubUnreachable(t *testing.T) {
	t.Parallel()
	const key = "c2VjcmV0LWtleS1kby1ub3Qtc2hvdw=="
	e, err := runner.NewEngine(runner.EngineOptions{
		Hub:      "HostName=nowhere.example;SharedAccessKeyName=iothubowner;SharedAccessKey=" + key,
		AMQPAddr: "127.0.0.1:1", HTTPSAddr: "127.0.0.1:1",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	c := e.Run(ctx, parse(t, "scenario: s\nfleet: [{id: d}]\nsteps: [{receives: {device: d}}]\n"))
	wantCase(t, c, report.Errored, "could not reach the hub nowhere.example")
	if strings.Contains(c.Explanation, key) || strings.Contains(c.Explanation, "SharedAccessKey=") {
		t.Errorf("the explanation shows the key:\n%s", c.Explanation)
	}
}

// TestNewEngineRefusals: a device's connection string and a missing CA file are
// refused before anything runs, without the key.
func TestNewEngineRefusals(t *testing.T) {
	for _, opts := range []runner.EngineOptions{
		{Hub: "HostName=h.example;DeviceId=d;SharedAccessKey=c2VjcmV0"},
		{Hub: "HostName=h.example;SharedAccessKey=c2VjcmV0"},
		{CAFile: filepath.Join(t.TempDir(), "missing.pem")},
	} {
		_, err := runner.NewEngine(opts)
		if err == nil || strings.Contains(err.Error(), "c2VjcmV0") {
			t.Errorf("NewEngine(%q) = %v, want an error without the key", opts.Hub, err)
		}
	}
}

// TestSendRatePacesSends: with a send rate, the hub answers the sends of a step no faster
// than the rate allows (a lower bound, which load cannot break).
func TestSendRatePacesSends(t *testing.T) {
	t.Parallel()
	h := startRealHub(t)
	h.opts.SendRate = 600 // one every 100 ms
	c := h.engine(t).Run(context.Background(), parse(t, `
scenario: paced
fleet: [{id: d}]
steps:
  - send: {device: d, count: 4, messageId: "m-{run}-{i}"}
  - receives: {device: d, count: 4}
`))
	wantCase(t, c, report.Passed)
	var accepted []time.Duration
	for _, line := range strings.Split(c.Timeline, "\n") {
		var secs float64
		var id string
		if n, _ := fmt.Sscanf(line, "+%fs %s accepted", &secs, &id); n == 2 && strings.HasSuffix(line, " accepted") {
			accepted = append(accepted, time.Duration(secs*float64(time.Second)))
		}
	}
	if len(accepted) != 4 {
		t.Fatalf("found %d accepted sends in the timeline:\n%s", len(accepted), c.Timeline)
	}
	if gap := accepted[3] - accepted[0]; gap < 290*time.Millisecond {
		t.Errorf("4 sends at 600 a minute answered within %s; the rate allows no less than 300ms", gap)
	}
}
