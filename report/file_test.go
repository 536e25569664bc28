package report

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "junit.xml")
	if err := WriteFile(path, fixtureRun(), WriteJUnit); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	_ = WriteJUnit(&want, fixtureRun())
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the file differs from what WriteJUnit writes")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want only the report", len(entries))
	}
}

func TestWriteFileKeepsTheOldReportOnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, Run{}, func(w io.Writer, _ Run) error {
		_, _ = io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom wrapped", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("report = %q, want the old one untouched", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left, want the temporary file removed", len(entries))
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.xml"), Run{}, WriteJUnit); err == nil {
		t.Error("no error for a folder that does not exist")
	}
}
