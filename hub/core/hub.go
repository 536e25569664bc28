package core

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Options are the hub's identity and its injected dependencies.
type Options struct {
	// HostName is the hub's host name, as in connection strings and SAS
	// scopes ("localhost" by default). A port is ignored.
	HostName string
	// HostAliases are more host names accepted in SAS scopes, e.g.
	// "127.0.0.1" when clients may use either.
	HostAliases []string
	// HubName is the hub's short name (feedback user-id, SASL PLAIN
	// usernames); by default the first label of HostName.
	HubName string
	// Policies replace DefaultPolicies; empty keys are generated.
	Policies []SharedAccessPolicy
	// Clock is the time source (SystemClock by default; FakeClock in tests).
	Clock Clock
	// Logger receives debug events; never a key or token (discarded by default).
	Logger *slog.Logger
	// Rand is the random source for keys and ids (crypto/rand by default).
	Rand io.Reader
}

// Hub is the transport-independent C2D core of the emulator: registry,
// shared access policies, SAS validation, per-device queues and feedback. It is
// safe for concurrent use.
type Hub struct {
	cfg       Config
	clock     Clock
	log       *slog.Logger
	hostName  string
	hubName   string
	hostNames []string
	policies  map[string]*policy
	order     []string
	keys      *keyGenerator
	tokens    *tokenSource
	throttle  *throttle
	life      lifecycle
	registry  registry
	feedback  *feedback
}

// New makes a hub. Zero settings in cfg take the defaults of its profile
// (fast unless cfg.Emulator.Profile says otherwise); the result must pass
// Validate.
func New(cfg Config, opts Options) (*Hub, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("hub configuration: %w", err)
	}
	opts = opts.withDefaults()
	h := &Hub{
		cfg: cfg, clock: opts.Clock, log: opts.Logger,
		hostName: opts.HostName, hubName: opts.HubName,
		keys:     &keyGenerator{rand: opts.Rand},
		registry: registry{devices: map[string]*device{}},
	}
	h.hostNames = hostNames(opts.HostName, opts.HostAliases)
	if h.tokens, err = newTokenSource(opts.Rand); err != nil {
		return nil, err
	}
	if err := h.addPolicies(opts.Policies); err != nil {
		return nil, err
	}
	h.throttle = newThrottle(cfg.Emulator.Throttling, h.clock)
	h.feedback = newFeedback(h)
	return h, nil
}

func (o Options) withDefaults() Options {
	if o.HostName == "" {
		o.HostName = "localhost"
	}
	if o.HubName == "" {
		o.HubName, _, _ = strings.Cut(stripPort(o.HostName), ".")
	}
	if o.Clock == nil {
		o.Clock = SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if len(o.Policies) == 0 {
		o.Policies = DefaultPolicies()
	}
	return o
}

func hostNames(hostName string, aliases []string) []string {
	names := []string{stripPort(hostName)}
	for _, a := range aliases {
		if n := stripPort(a); !contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

func (h *Hub) addPolicies(ps []SharedAccessPolicy) error {
	h.policies = map[string]*policy{}
	for _, p := range ps {
		if _, dup := h.policies[p.KeyName]; dup {
			return fmt.Errorf("shared access policy %q is defined twice", p.KeyName)
		}
		np, err := newPolicy(p, h.keys)
		if err != nil {
			return err
		}
		h.policies[p.KeyName] = np
		h.order = append(h.order, p.KeyName)
	}
	return nil
}

// Close stops every timer, waits for running timer callbacks, closes every
// queue (receivers are woken and see ErrClosed) and forgets pending feedback.
// It is safe to call more than once.
func (h *Hub) Close() error {
	if !h.life.close() {
		return nil
	}
	h.registry.mu.RLock()
	queues := make([]*lockQueue[*Message], 0, len(h.registry.devices))
	for _, d := range h.registry.devices {
		queues = append(queues, d.queue)
	}
	h.registry.mu.RUnlock()
	for _, q := range queues {
		q.shutdown(ErrClosed)
	}
	h.feedback.close()
	return nil
}

// Config returns the effective configuration (defaults filled in).
func (h *Hub) Config() Config { return h.cfg }

// HostName is the hub's host name.
func (h *Hub) HostName() string { return h.hostName }

// HubName is the hub's short name.
func (h *Hub) HubName() string { return h.hubName }

// Policy returns a shared access policy with its keys.
func (h *Hub) Policy(name string) (SharedAccessPolicy, bool) {
	p, ok := h.policies[name]
	if !ok {
		return SharedAccessPolicy{}, false
	}
	return p.SharedAccessPolicy, true
}

// Policies returns every shared access policy, in definition order.
func (h *Hub) Policies() []SharedAccessPolicy {
	out := make([]SharedAccessPolicy, len(h.order))
	for i, n := range h.order {
		out[i] = h.policies[n].SharedAccessPolicy
	}
	return out
}

// ConnectionString is the service connection string of a policy:
// HostName=…;SharedAccessKeyName=…;SharedAccessKey=… (it contains a key).
func (h *Hub) ConnectionString(policyName string) (string, error) {
	p, ok := h.Policy(policyName)
	if !ok {
		return "", fmt.Errorf("no shared access policy named %q", policyName)
	}
	return "HostName=" + h.hostName + ";SharedAccessKeyName=" + p.KeyName + ";SharedAccessKey=" + p.PrimaryKey, nil
}

// DeviceConnectionString is a device's connection string with its primary key.
func (h *Hub) DeviceConnectionString(deviceID string) (string, error) {
	d, err := h.Device(deviceID)
	if err != nil {
		return "", err
	}
	return "HostName=" + h.hostName + ";DeviceId=" + d.DeviceID + ";SharedAccessKey=" + d.PrimaryKey, nil
}
