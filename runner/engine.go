package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"

	"github.com/hubspec/hubspec/iothub"
	"github.com/hubspec/hubspec/report"
)

// EngineOptions say where an Engine runs scenarios. The zero value runs each scenario on
// an embedded hub of its own.
type EngineOptions struct {
	// Hub is the service connection string of a real IoT Hub, for a shared access policy
	// with registry write and service connect (iothubowner, say). Empty runs each scenario
	// on an embedded hub started with the scenario's hub settings. It is a secret: the
	// engine never prints it.
	Hub string
	// CAFile adds a CA certificate (PEM) to the roots the clients trust, for a hub whose
	// certificate is not publicly trusted (`hubspec hub` writes its CA to a file).
	CAFile string
	// AMQPAddr, HTTPSAddr and MQTTAddr are the host:port to dial instead of the hub's
	// HostName (IOTHUB_AMQP_ADDR, IOTHUB_HTTPS_ADDR and IOTHUB_MQTT_ADDR, as `hubspec
	// hub` prints them); the HostName stays the TLS server name and the token scope.
	AMQPAddr, HTTPSAddr, MQTTAddr string
	// SendRate, when above zero, paces the sends to a real hub to this many a minute, so
	// a run stays inside the hub's C2D send quota (an S1 unit allows about 100 a minute;
	// beyond it IoT Hub throttles, and the client backs off and retries).
	SendRate float64
	// Listener hears of long work (provisioning, connecting and sending to fleets) as
	// progress; nil for none.
	Listener report.Listener
	// RunID, when set, is {run} in every scenario, for reproducible ids (tests). Empty
	// gives each scenario a fresh random id.
	RunID string
}

// Engine runs scenarios against one kind of hub: an embedded hub per scenario, or a real
// hub shared by every scenario of a run (each with its own devices). It implements
// Starter, and Run runs a whole scenario into a report.Case. It is safe for concurrent
// use: scenarios run in parallel are isolated from each other.
type Engine struct {
	opts     EngineOptions
	cs       iothub.ConnectionString // a real hub's; zero for embedded hubs
	progress atomic.Bool             // prefix progress labels with the scenario's name

	mu      sync.Mutex
	shared  *hubConn // a real hub's service side, dialled on first use
	dialErr error
}

var _ Starter = (*Engine)(nil)

// NewEngine checks the options: the connection string's form and the CA file. It does
// not contact the hub; the first scenario does.
func NewEngine(opts EngineOptions) (*Engine, error) {
	e := &Engine{opts: opts}
	if opts.CAFile != "" {
		if _, err := os.Stat(opts.CAFile); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("CA file %s: %w", opts.CAFile, err)
		}
	}
	if opts.Hub == "" {
		return e, nil
	}
	cs, err := iothub.ParseConnectionString(opts.Hub)
	if err != nil {
		return nil, fmt.Errorf("hub connection string: %w", err)
	}
	if cs.IsDevice() || cs.SharedAccessKeyName == "" {
		return nil, fmt.Errorf("hub connection string: want the connection string of one of the hub's shared access policies (iothubowner, say), not a device's")
	}
	e.cs = cs
	return e, nil
}

// RealHub reports whether the engine runs against a real hub (Check's RealHub).
func (e *Engine) RealHub() bool { return e.opts.Hub != "" }

// Properties describe the hub for a report's suites: never a key or a token.
func (e *Engine) Properties() []report.Property {
	if !e.RealHub() {
		return []report.Property{{Name: "hub.kind", Value: "embedded"}}
	}
	return []report.Property{{Name: "hub.kind", Value: "real"}, {Name: "hub.host", Value: e.cs.HostName}}
}

// clientOptions are the iothub options for reaching the real hub.
func (e *Engine) clientOptions() iothub.Options {
	o := iothub.Options{AMQPAddr: e.opts.AMQPAddr, HTTPSAddr: e.opts.HTTPSAddr, MQTTAddr: e.opts.MQTTAddr, CAFile: e.opts.CAFile}
	if e.opts.SendRate > 0 {
		o.SendRate = iothub.PerMinute(e.opts.SendRate)
	}
	return o
}

// sharedHub dials the real hub's service side once; every scenario shares it.
func (e *Engine) sharedHub(ctx context.Context) (*hubConn, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.shared == nil && e.dialErr == nil {
		e.shared, e.dialErr = dialHub(ctx, e.cs, e.clientOptions())
		if e.dialErr != nil {
			e.dialErr = fmt.Errorf("could not reach the hub %s: %w", e.cs.HostName, e.dialErr)
		}
	}
	return e.shared, e.dialErr
}

// Close closes the connections to a real hub. Close every session first.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.shared == nil {
		return nil
	}
	err := e.shared.close(ctx)
	e.shared = nil
	return err
}

// progressOf reports long work of scenario sc to the listener.
func (e *Engine) progressOf(sc *Scenario) func(label string, done, total int) {
	l := e.opts.Listener
	if l == nil {
		return func(string, int, int) {}
	}
	prefix := ""
	if e.progress.Load() {
		prefix = sc.Name + ": "
	}
	return func(label string, done, total int) { l.Progress(prefix+label, done, total) }
}
