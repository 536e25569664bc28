package runner

import (
	"crypto/rand"
	"encoding/hex"
)

// newRunID returns a fresh {run}: 8 hex digits from the system's random source, so that
// repeated and parallel runs never give two messages or devices the same id.
func newRunID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// idMap maps the device ids a spec writes to the ids the devices have on the hub. On the
// embedded hub (one per scenario) they are the same; on a real hub the run's id is
// appended, so a scenario never meets a device of another run, or of a scenario running
// beside it. {device} in templates is always the id on the hub.
type idMap struct {
	suffix string // "" or "-" + run
}

// hub returns the id written in a spec as the hub knows it.
func (m idMap) hub(written string) string { return written + m.suffix }
