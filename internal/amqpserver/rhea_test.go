package amqpserver

import (
	"encoding/pem"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hubspec/hubspec/internal/amqpwire"
	"github.com/hubspec/hubspec/internal/nodetest"
)

// The rhea interop scripts live in test/node/rhea and use the rhea that
// test/node/package-lock.json pins (rhea is the AMQP library inside the Azure
// IoT Node SDKs).

// rheaEnv is the environment of one script run.
type rheaEnv map[string]string

// runRhea runs a script of test/node/rhea against addr and returns the
// fields of its verdict, failing the test unless it says ok.
func runRhea(t *testing.T, script, addr string, env rheaEnv) map[string]any {
	t.Helper()
	peers := nodetest.Require(t, "rhea")
	host, port, _ := strings.Cut(addr, ":")
	all := map[string]string{"AMQP_HOST": host, "AMQP_PORT": port}
	maps.Copy(all, env)
	v := peers.Run(t, filepath.Join("rhea", script), all)
	v.Check(t)
	return v.Fields
}

// caFile writes the certificate that the TLS server uses as a PEM file for
// rhea to trust.
func caFile(t *testing.T, der []byte) string {
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRheaSecurityLayersOverTCPAndTLS(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	for _, tc := range []struct {
		name, sasl, wantMech string
		tls                  bool
	}{
		{"no SASL over TCP", "none", "", false},
		{"ANONYMOUS over TCP", "anonymous", "ANONYMOUS", false},
		{"PLAIN over TCP", "plain", "PLAIN", false},
		{"no SASL over TLS", "none", "", true},
		{"PLAIN over TLS", "plain", "PLAIN", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := &probe{node: newQueueNode()}
			mux := NewMux()
			mux.Handle("/q", p)
			env := rheaEnv{"AMQP_SASL": tc.sasl, "AMQP_USER": testPolicy, "AMQP_PASSWORD": testToken, "COUNT": "5"}
			var ts *testServer
			if tc.tls {
				cert, _, der := testCert(t)
				ts = startServerOn(t, Options{PlainAuthenticator: testPlainAuth}, mux, tlsConfig(cert))
				env["AMQP_CA"] = caFile(t, der)
			} else {
				ts = startServer(t, Options{PlainAuthenticator: testPlainAuth}, mux)
			}
			runRhea(t, "send_receive.js", ts.addr, env)
			for _, a := range p.attaches() {
				if a.mechanism != tc.wantMech {
					t.Errorf("link %s saw mechanism %q, want %q", a.name, a.mechanism, tc.wantMech)
				}
			}
		})
	}
}

func TestRheaTenThousandMessagesEachWay(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	for _, mode := range []string{"first", "second"} {
		t.Run("rcv-settle-mode "+mode, func(t *testing.T) {
			t.Parallel()
			ts, p, _ := queueServer(t, Options{}, false)
			v := runRhea(t, "send_receive.js", ts.addr, rheaEnv{"COUNT": "10000", "RCV_SETTLE_MODE": mode})
			if v["received"] != float64(10000) || v["tagLengths"].([]any)[0] != float64(16) {
				t.Errorf("verdict %v", v)
			}
			if q := p.node.(*queueNode); q.length() != 0 || q.got != 10000 {
				t.Errorf("queue holds %d and got %d", q.length(), q.got)
			}
		})
	}
}

func TestRheaMessagesLargerThanTheFrameSize(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	ts, _, _ := queueServer(t, Options{MaxFrameSize: 4096}, false)
	runRhea(t, "send_receive.js", ts.addr, rheaEnv{"COUNT": "5", "SIZE": "100000", "AMQP_MAX_FRAME_SIZE": "4096"})
}

func TestRheaDrain(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	mux, _ := queueWith(3)
	ts := startServer(t, Options{}, mux)
	runRhea(t, "drain.js", ts.addr, nil)
}

func TestRheaRefusedLinks(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	mux := NewMux()
	mux.Handle("/locked", NodeFunc(func(*Link) (Accept, error) {
		return Accept{}, amqpwire.NewError(amqpwire.ConditionUnauthorizedAccess, "the token has expired")
	}))
	ts := startServer(t, Options{}, mux)
	v := runRhea(t, "refused.js", ts.addr, nil)
	if v["receiver"] != "amqp:not-found" || v["sender"] != "amqp:unauthorized-access" || v["nullSource"] != true || v["nullTarget"] != true {
		t.Errorf("verdict %v", v)
	}
}

func TestRheaHeartbeatsKeepAnIdleConnectionAlive(t *testing.T) {
	t.Parallel()
	nodetest.Require(t, "rhea")
	ts, _, _ := queueServer(t, Options{IdleTimeout: 2 * time.Second}, false)
	runRhea(t, "idle.js", ts.addr, rheaEnv{"AMQP_IDLE_TIME_OUT": "2000", "IDLE_MS": "10000"})
}
