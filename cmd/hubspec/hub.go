package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hubspec/hubspec/hub"
	"github.com/hubspec/hubspec/hub/core"
)

const hubHelp = `Hub runs hubspec's embedded IoT Hub emulator on its own, for the official Azure
IoT SDKs and any other client. It creates the state folder if missing (a new
temporary folder by default), writes the CA certificate clients must trust to
DIR/ca.pem, and prints, one per line, then a line 'ready':

  IOTHUB_CONNECTION_STRING=HostName=…;SharedAccessKeyName=iothubowner;SharedAccessKey=…
  IOTHUB_CA_FILE=DIR/ca.pem
  IOTHUB_AMQP_ADDR=127.0.0.1:5671
  IOTHUB_HTTPS_ADDR=127.0.0.1:443
  IOTHUB_MQTT_ADDR=127.0.0.1:8883

The same lines go to DIR/hub.env. This is the one place hubspec prints a key: the
emulator's own. It serves until SIGINT or SIGTERM, then closes every connection
cleanly. Logs go to stderr, one line per connection event; never a token or key.

Flags:
  --hostname NAME      the hub's host name in connection strings, tokens and the
                       certificate (default localhost)
  --amqp ADDR          AMQP 1.0 over TLS (default 127.0.0.1:5671; port 0 picks one)
  --https ADDR         the registry REST API (default 127.0.0.1:443; port 0 picks one)
  --mqtt ADDR          devices over MQTT 3.1.1 with TLS (default 127.0.0.1:8883;
                       port 0 picks one)
  --state-dir DIR      where ca.pem and hub.env go
  --config FILE        hub settings, YAML or JSON: {cloudToDevice: {maxDeliveryCount,
                       defaultTtlAsIso8601, feedback: {…}}, emulator: {…}}
  --profile NAME       fast (default: feedback within 100 ms) or azure (Azure's timings)
  --cert FILE --key FILE  serve this certificate instead of a generated one

Point the SDKs at it: NODE_EXTRA_CA_CERTS=DIR/ca.pem for Node, and
HostName=localhost:PORT when the AMQP port is not 5671 or, for an MQTT device,
the MQTT port is not 8883 (docs/emulator.md).
`

// hubFlags are the flags of hubspec hub.
type hubFlags struct {
	hostname, amqp, https, mqtt, stateDir, config, profile, cert, key string
}

func parseHubFlags(args []string) (hubFlags, error) {
	var f hubFlags
	fs := newFlags("hub")
	fs.StringVar(&f.hostname, "hostname", "localhost", "")
	fs.StringVar(&f.amqp, "amqp", "127.0.0.1:5671", "")
	fs.StringVar(&f.https, "https", "127.0.0.1:443", "")
	fs.StringVar(&f.mqtt, "mqtt", "127.0.0.1:8883", "")
	fs.StringVar(&f.stateDir, "state-dir", "", "")
	fs.StringVar(&f.config, "config", "", "")
	fs.StringVar(&f.profile, "profile", "", "")
	fs.StringVar(&f.cert, "cert", "", "")
	fs.StringVar(&f.key, "key", "", "")
	rest, err := parseArgs(fs, args)
	switch {
	case err != nil:
		return f, usagef("%v", err)
	case len(rest) > 0:
		return f, usagef("unexpected argument %q", rest[0])
	case f.profile != "" && f.profile != string(core.ProfileFast) && f.profile != string(core.ProfileAzure):
		return f, usagef("--profile %q: want fast or azure", f.profile)
	case (f.cert == "") != (f.key == ""):
		return f, usagef("--cert and --key go together")
	}
	return f, nil
}

func runHub(ctx context.Context, e *env, args []string) error {
	f, err := parseHubFlags(args)
	if err != nil {
		return err
	}
	cfg, err := loadHubConfig(f.config, f.profile)
	if err != nil {
		fmt.Fprintf(e.stderr, "hubspec hub: %v\n", err)
		return errInvalid
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	s, err := hub.Start(ctx, hub.Options{
		HostName: f.hostname, AMQPAddr: f.amqp, HTTPSAddr: f.https, MQTTAddr: f.mqtt, Config: cfg,
		CertFile: f.cert, KeyFile: f.key, Logger: slog.New(slog.NewTextHandler(e.stderr, nil)),
	})
	if err != nil {
		return err
	}
	if err := announce(e.stdout, s, f.stateDir); err != nil {
		_ = s.Close()
		return err
	}
	<-ctx.Done()
	return shutdownHub(s)
}

// shutdownHub closes every connection, giving peers five seconds to answer.
func shutdownHub(s *hub.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stopping the hub: %w", err)
	}
	return nil
}

// loadHubConfig reads the settings file (YAML or JSON, unknown keys refused)
// and applies --profile over it.
func loadHubConfig(file, profile string) (core.Config, error) {
	var cfg core.Config
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return cfg, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return cfg, fmt.Errorf("%s: %w", file, err)
		}
	}
	if profile != "" {
		cfg.Emulator.Profile = core.Profile(profile)
	}
	full, err := cfg.WithDefaults()
	if err == nil {
		err = full.Validate()
	}
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", orDefault(file, "--profile"), err)
	}
	return cfg, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// announce writes DIR/ca.pem and DIR/hub.env and prints the same lines, then
// "ready".
func announce(stdout io.Writer, s *hub.Server, dir string) error {
	dir, err := stateDir(dir)
	if err != nil {
		return err
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, s.CAPEM(), 0o644); err != nil {
		return fmt.Errorf("writing the CA certificate: %w", err)
	}
	env := hubEnv(s, caFile)
	if err := os.WriteFile(filepath.Join(dir, "hub.env"), []byte(env), 0o600); err != nil {
		return fmt.Errorf("writing hub.env: %w", err)
	}
	_, err = io.WriteString(stdout, env+"ready\n")
	return err
}

// hubEnv is the output contract: the connection string, the CA file, then
// one IOTHUB_<PROTOCOL>_ADDR line per head (AMQP, HTTPS, MQTT).
func hubEnv(s *hub.Server, caFile string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "IOTHUB_CONNECTION_STRING=%s\nIOTHUB_CA_FILE=%s\n", s.ConnectionString(), caFile)
	for _, ep := range s.Endpoints() {
		fmt.Fprintf(&b, "IOTHUB_%s_ADDR=%s\n", ep.Protocol, ep.Addr)
	}
	return b.String()
}

// stateDir makes the state folder (a new temporary one when dir is empty) and
// returns its absolute path.
func stateDir(dir string) (string, error) {
	if dir == "" {
		return os.MkdirTemp("", "hubspec-hub-")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("state folder: %w", err)
	}
	return filepath.Abs(dir)
}
