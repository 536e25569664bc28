package iothub

import (
	"context"

	"github.com/Azure/go-amqp"
)

// beginSession begins a session on conn, for one link.
//
// The begin is not tied to ctx. go-amqp drops a begin whose context has ended
// before the frame is written, and ends that session anyway on the next
// NewSession, on a channel the hub never saw begun; a hub may close the whole
// connection for that (hubspec's does, with amqp:not-allowed), and with it
// every device on the connection and every delivery they hold. So the begin
// runs until the hub answers or the connection is gone. A caller whose ctx
// ends first gets ctx's error at once, and a session begun after that is
// ended again.
func beginSession(ctx context.Context, conn *amqp.Conn) (*amqp.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	begun := make(chan sessionResult)
	go func() {
		s, err := conn.NewSession(context.WithoutCancel(ctx), nil)
		select {
		case begun <- sessionResult{s, err}:
		case <-ctx.Done():
			if err == nil {
				endSession(s)
			}
		}
	}()
	select {
	case r := <-begun:
		return r.session, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type sessionResult struct {
	session *amqp.Session
	err     error
}

// endSession ends a session nobody uses, waiting at most opTimeout for the
// hub's end.
func endSession(s *amqp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	_ = s.Close(ctx)
}
