package tail

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func next(t *testing.T, tl *Tailer) Line {
	t.Helper()
	select {
	case l := <-tl.Lines():
		return l
	case <-time.After(500 * time.Millisecond):
		t.Fatal("no line")
		return Line{}
	}
}

func TestFollowAcrossRotation(t *testing.T) {
	defer goleak.VerifyNone(t)

	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(path, []byte("starting\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tl, err := Follow(path, WithPollInterval(2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()

	if l := next(t, tl); l.Text != "starting" {
		t.Fatalf("got %q", l.Text)
	}

	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("after rotate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if l := next(t, tl); l.Text != "after rotate" {
		t.Fatalf("got %q", l.Text)
	}
	if n := tl.Rotations(); n != 1 {
		t.Fatalf("rotations = %d, want 1", n)
	}
}
