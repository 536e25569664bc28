package iothub

import (
	"context"
	"sync"
)

// forEach runs fn on every item with at most limit running at once, and
// returns once all have finished. Each call gets ctx; results are fn's own.
func forEach[T any](ctx context.Context, limit int, items []T, fn func(context.Context, T)) {
	sem := make(chan struct{}, max(limit, 1))
	var wg sync.WaitGroup
	for _, item := range items {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(ctx, item)
		}()
	}
	wg.Wait()
}
