package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes run to path with write (WriteJUnit or WriteJSON). It writes a temporary
// file beside path and renames it, so a reader never sees half a report.
func WriteFile(path string, run Run, write func(io.Writer, Run) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := write(tmp, run); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}
