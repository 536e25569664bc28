package iothub

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
)

// rootCAs is the pool a client verifies the hub's certificate with: RootCAs,
// or the system roots, plus CAFile and CAPEM.
func (o Options) rootCAs() (*x509.CertPool, error) {
	if o.RootCAs == nil && o.CAFile == "" && len(o.CAPEM) == 0 {
		return nil, nil // crypto/tls uses the system roots
	}
	pool, err := basePool(o.RootCAs)
	if err != nil {
		return nil, err
	}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("iothub: reading the CA file: %w", err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("iothub: CA file %s holds no PEM certificate", o.CAFile)
		}
	}
	if len(o.CAPEM) > 0 && !pool.AppendCertsFromPEM(o.CAPEM) {
		return nil, fmt.Errorf("iothub: CAPEM holds no PEM certificate")
	}
	return pool, nil
}

func basePool(given *x509.CertPool) (*x509.CertPool, error) {
	if given != nil {
		return given.Clone(), nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		return x509.NewCertPool(), nil // no system roots here: the given CA alone
	}
	return pool, nil
}

// tlsConfig is the client TLS configuration for a hub named serverName.
func (o Options) tlsConfig(serverName string) (*tls.Config, error) {
	roots, err := o.rootCAs()
	if err != nil {
		return nil, err
	}
	return &tls.Config{ServerName: serverName, RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
}

// endpoint is where a client dials and what it calls the hub.
type endpoint struct {
	hostName string // HostName as in the connection string, maybe with a port: token scopes use it
	host     string // HostName without a port: TLS server name, AMQP open hostname
	addr     string // host:port to dial
}

// newEndpoint resolves where to dial: override if set, else gateway if set,
// else hostName, with defaultPort when the chosen one has none.
func newEndpoint(hostName, gateway, override, defaultPort string) endpoint {
	target := hostName
	if gateway != "" {
		target = gateway
	}
	if override != "" {
		target = override
	}
	return endpoint{hostName: hostName, host: hostOnly(hostName), addr: withPort(target, defaultPort)}
}

func hostOnly(hostPort string) string {
	if h, _, err := net.SplitHostPort(hostPort); err == nil {
		return h
	}
	return hostPort
}

func withPort(hostPort, port string) string {
	if _, _, err := net.SplitHostPort(hostPort); err == nil {
		return hostPort
	}
	return net.JoinHostPort(hostPort, port)
}

// isTLSFailure reports whether err is the hub's certificate failing
// verification or the TLS handshake failing, rather than the network.
func isTLSFailure(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		alert    tls.AlertError
		record   tls.RecordHeaderError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
	)
	return errors.As(err, &verify) || errors.As(err, &alert) || errors.As(err, &record) ||
		errors.As(err, &unknown) || errors.As(err, &hostname)
}
