package amqpserver

import (
	"log/slog"

	"github.com/hubspec/hubspec/internal/syncbuf"
)

func newTestLogger(b *syncbuf.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
