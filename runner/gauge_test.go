package runner

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestGaugeWaitsForZero(t *testing.T) {
	var g gauge
	if err := g.wait(context.Background()); err != nil {
		t.Fatalf("wait on an idle gauge = %v", err)
	}
	g.add()
	g.add()
	ended := make(chan error, 1)
	go func() { ended <- g.wait(context.Background()) }()
	g.done()
	select {
	case err := <-ended:
		t.Fatalf("wait returned (%v) with work still in progress", err)
	default:
	}
	g.done()
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("wait = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wait did not return when the work was done")
	}
}

func TestGaugeWaitEndsWithContext(t *testing.T) {
	var g gauge
	g.add()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait = %v, want context.Canceled", err)
	}
}
