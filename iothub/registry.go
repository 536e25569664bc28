package iothub

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
)

// apiVersion is the REST API version the Node SDKs use (spec §8.3).
const apiVersion = "2021-04-12"

// maxResponseBody bounds how much of a registry response is read.
const maxResponseBody = 1 << 20

// Registry is the hub's identity registry over HTTPS (spec §8.3-8.4):
// create, get and delete devices, purge a device's C2D queue, and create or
// delete up to 100 devices a call in bulk. It authenticates with a hub policy
// (RegistryReadWrite) token it renews itself. Safe for concurrent use.
type Registry struct {
	hostName string
	ep       endpoint
	id       *identity
	opts     Options
	client   *http.Client

	mu    sync.Mutex
	token SASToken
}

// NewRegistry prepares a registry client for a service connection string. It
// dials Options.HTTPSAddr, else HostName's host on port 443.
func NewRegistry(cs ConnectionString, opts *Options) (*Registry, error) {
	id, err := serviceIdentity(cs, "the registry")
	if err != nil {
		return nil, err
	}
	o := opts.withDefaults()
	ep := newEndpoint(hostOnly(cs.HostName), "", o.HTTPSAddr, "443")
	tlsConfig, err := o.tlsConfig(ep.host)
	if err != nil {
		return nil, err
	}
	dialer := &net.Dialer{Timeout: opTimeout}
	transport := &http.Transport{
		TLSClientConfig:     tlsConfig,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 16,
		TLSHandshakeTimeout: opTimeout,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, ep.addr)
		},
	}
	return &Registry{hostName: cs.HostName, ep: ep, id: id, opts: o, client: &http.Client{Transport: transport}}, nil
}

// Close releases the registry's idle connections.
func (r *Registry) Close() { r.client.CloseIdleConnections() }

// authorization is a valid hub policy token, renewed when near expiry.
func (r *Registry) authorization() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.opts.Clock.Now()
	if r.token.Expiry.Sub(now) > r.opts.TokenRenewalMargin {
		return r.token.Token(), nil
	}
	tok, err := r.id.token(now, r.opts.TokenLifetime)
	if err != nil {
		return "", err
	}
	r.token = tok
	return tok.Token(), nil
}

// restCall is one registry request.
type restCall struct {
	op, deviceID string
	method, path string
	body, out    any    // JSON to send and to decode into; nil for none
	ifMatch      string // the If-Match header, if any
}

// call sends c and decodes a 2xx JSON answer into c.out. Any other answer is
// an *Error read from the ErrorCode: body. Retryable failures are retried
// under Options.Retry.
func (r *Registry) call(ctx context.Context, c restCall) error {
	return retry(ctx, r.opts.Clock, r.opts.Retry, func(ctx context.Context) error {
		status, body, err := r.roundTrip(ctx, c)
		if err != nil {
			return err
		}
		if status/100 != 2 {
			return registryError(c.op, c.deviceID, status, body)
		}
		return decodeJSON(c.op, c.deviceID, body, c.out)
	})
}

func (r *Registry) roundTrip(ctx context.Context, c restCall) (int, []byte, error) {
	req, err := r.newRequest(ctx, c)
	if err != nil {
		return 0, nil, err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, nil, r.transportError(ctx, c.op, c.deviceID, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return 0, nil, &Error{Op: c.op, DeviceID: c.deviceID, Kind: ErrConnectionLost, Description: "reading the response: " + err.Error(), Err: err}
	}
	if len(data) > maxResponseBody {
		return 0, nil, &Error{Op: c.op, DeviceID: c.deviceID, Kind: ErrHub, StatusCode: resp.StatusCode, Description: fmt.Sprintf("response over %d bytes", maxResponseBody)}
	}
	return resp.StatusCode, data, nil
}

func (r *Registry) newRequest(ctx context.Context, c restCall) (*http.Request, error) {
	var body io.Reader
	if c.body != nil {
		b, err := json.Marshal(c.body)
		if err != nil {
			return nil, &Error{Op: c.op, DeviceID: c.deviceID, Kind: ErrArgument, Description: err.Error(), Err: err}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, "https://"+r.ep.host+c.path+"?api-version="+apiVersion, body)
	if err != nil {
		return nil, &Error{Op: c.op, DeviceID: c.deviceID, Kind: ErrArgument, Description: err.Error(), Err: err}
	}
	auth, err := r.authorization()
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Request-Id", newUUID())
	req.Header.Set("User-Agent", "hubspec-iothub/0.1")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if c.ifMatch != "" {
		req.Header.Set("If-Match", c.ifMatch)
	}
	return req, nil
}

// transportError classifies a failure to get any answer.
func (r *Registry) transportError(ctx context.Context, op, deviceID string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("iothub: %s%s: %w", op, forDevice(deviceID), ctx.Err())
	}
	kind := ErrConnectionLost
	if isTLSFailure(err) {
		kind = ErrTLS
	}
	return &Error{Op: op, DeviceID: deviceID, Kind: kind, Description: err.Error(), Err: err}
}

func decodeJSON(op, deviceID string, data []byte, out any) error {
	if out == nil || len(data) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Op: op, DeviceID: deviceID, Kind: ErrHub, Description: "the hub's answer is not the expected JSON: " + err.Error(), Err: err}
	}
	return nil
}

// newKey returns a random 256-bit key in base64, as the hub generates them.
func newKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
