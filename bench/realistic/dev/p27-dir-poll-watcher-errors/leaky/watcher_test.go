package dirwatch

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestSpoolDirectoryThatGoesAway(t *testing.T) {
	defer goleak.VerifyNone(t)
	dir := filepath.Join(t.TempDir(), "spool")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w := New(dir, Every(time.Millisecond))
	if err := os.WriteFile(filepath.Join(dir, "job-1.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.Events():
		if ev.Name != "job-1.json" || ev.Op != Create {
			t.Fatalf("got %v %s", ev.Op, ev.Name)
		}
	case <-time.After(time.Second):
		t.Fatal("no event for the new file")
	}
	if err := os.RemoveAll(dir); err != nil { // the volume is unmounted under us
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // long enough for a poll to fail, even on a loaded machine
	w.Close()
}
