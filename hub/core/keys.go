package core

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// keyGenerator makes keys and GUIDs from the hub's random source, which need
// not be safe for concurrent use.
type keyGenerator struct {
	mu   sync.Mutex
	rand io.Reader
}

func (g *keyGenerator) read(b []byte) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	_, err := io.ReadFull(g.rand, b)
	return err
}

// newKey returns 32 random bytes in base64, the size Azure generates.
func (g *keyGenerator) newKey() (string, error) {
	var b [32]byte
	if err := g.read(b[:]); err != nil {
		return "", fmt.Errorf("generate key: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b[:]), nil
}

// guid returns a random version-4 GUID string (crypto/rand if the hub's source
// fails).
func (g *keyGenerator) guid() string {
	var u UUID
	if err := g.read(u[:]); err != nil {
		_, _ = rand.Read(u[:])
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

// fill generates whichever of the two keys is empty.
func (g *keyGenerator) fill(primary, secondary string) (string, string, error) {
	var err error
	if primary == "" {
		if primary, err = g.newKey(); err != nil {
			return "", "", err
		}
	}
	if secondary == "" {
		if secondary, err = g.newKey(); err != nil {
			return "", "", err
		}
	}
	return primary, secondary, nil
}

// LockToken identifies one delivery of a message: the 16-byte GUID that the
// AMQP head uses as the delivery tag.
type LockToken [16]byte

// String formats the token as a GUID.
func (t LockToken) String() string { return UUID(t).String() }

// tokenSource issues lock tokens that never repeat within a hub: a random
// per-hub prefix and a counter, shaped as a version-4 GUID.
type tokenSource struct {
	prefix  [8]byte
	counter atomic.Uint64
}

func newTokenSource(r io.Reader) (*tokenSource, error) {
	s := &tokenSource{}
	if _, err := io.ReadFull(r, s.prefix[:]); err != nil {
		return nil, fmt.Errorf("seed lock tokens: %w", err)
	}
	return s, nil
}

func (s *tokenSource) next() LockToken {
	var t LockToken
	copy(t[:8], s.prefix[:])
	binary.BigEndian.PutUint64(t[8:], s.counter.Add(1))
	t[6] = t[6]&0x0f | 0x40
	t[8] = t[8]&0x3f | 0x80
	return t
}
