package amqptest

import (
	"errors"

	"github.com/Azure/go-amqp"
)

// Condition returns the AMQP error condition err carries, from a refused
// message, link or connection, or "" when there is none.
func Condition(err error) string {
	var ae *amqp.Error
	if errors.As(err, &ae) {
		return string(ae.Condition)
	}
	var le *amqp.LinkError
	if errors.As(err, &le) && le.RemoteErr != nil {
		return string(le.RemoteErr.Condition)
	}
	var ce *amqp.ConnError
	if errors.As(err, &ce) && ce.RemoteErr != nil {
		return string(ce.RemoteErr.Condition)
	}
	return ""
}
