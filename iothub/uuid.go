package iothub

import (
	"crypto/rand"

	"github.com/Azure/go-amqp"
)

// newUUID returns a random (version 4) UUID in canonical form, for link
// names, CBS request ids and registry request ids.
func newUUID() string {
	var u amqp.UUID
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}
