package hub

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/hubspec/hubspec/hub/internal/pki"
)

// serverTLS is the TLS material of a hub: the certificate it serves and the
// PEM clients trust.
type serverTLS struct {
	cert  tls.Certificate
	caPEM []byte
	pool  *x509.CertPool
}

// newServerTLS generates a CA and a server certificate for the hub's names,
// or loads the certificate and key the user gave.
func newServerTLS(o Options) (*serverTLS, error) {
	if o.CertFile != "" || o.KeyFile != "" {
		return loadServerTLS(o.CertFile, o.KeyFile)
	}
	ca, err := pki.NewAuthority("hubspec embedded IoT Hub CA")
	if err != nil {
		return nil, fmt.Errorf("TLS: %w", err)
	}
	cert, err := ca.IssueServer(append([]string{o.HostName}, loopbackNames...)...)
	if err != nil {
		return nil, fmt.Errorf("TLS: %w", err)
	}
	return &serverTLS{cert: cert, caPEM: ca.CertPEM(), pool: ca.Pool()}, nil
}

func loadServerTLS(certFile, keyFile string) (*serverTLS, error) {
	if certFile == "" || keyFile == "" {
		return nil, errors.New("TLS: a certificate file needs its key file, and the other way round")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS: loading the certificate %s and key %s: %w", certFile, keyFile, err)
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("TLS: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return &serverTLS{cert: cert, caPEM: certPEM, pool: pool}, nil
}

// config is the server side TLS configuration.
func (t *serverTLS) config() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{t.cert}, MinVersion: tls.VersionTLS12}
}
