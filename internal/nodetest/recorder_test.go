package nodetest

import (
	"fmt"
	"runtime"
	"testing"
)

// recorder is a testing.TB that records failures and skips instead of
// reporting them; Fatal and Skip end the goroutine, as they do for a test.
type recorder struct {
	testing.TB
	failed, skipped bool
	msgs            []string
}

// run calls fn with r on a goroutine of its own and waits for it to end.
func (r *recorder) run(fn func(testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprint(args...))
	runtime.Goexit()
}

func (r *recorder) Skip(args ...any) {
	r.skipped = true
	r.msgs = append(r.msgs, fmt.Sprint(args...))
	runtime.Goexit()
}
