package settings

import (
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errNoSpace = errors.New("no space left on device")

type memDisk struct {
	mu    sync.Mutex
	files map[string][]byte
	full  bool
}

func (d *memDisk) ReadFile(path string) ([]byte, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.files[path]
	if !ok {
		return nil, ErrNotExist
	}
	return b, nil
}

func (d *memDisk) WriteFile(path string, data []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.full {
		return errNoSpace
	}
	d.files[path] = data
	return nil
}

func (d *memDisk) setFull(v bool) {
	d.mu.Lock()
	d.full = v
	d.mu.Unlock()
}

func TestSaveAfterDiskWasFull(t *testing.T) {
	defer goleak.VerifyNone(t)
	disk := &memDisk{files: map[string][]byte{"app.conf": []byte("editor.theme = light\n")}}
	saveErrs := make(chan error, 4)
	s, err := Open(disk, "app.conf", OnSaveError(func(err error) { saveErrs <- err }))
	if err != nil {
		t.Fatal(err)
	}
	disk.setFull(true)
	if err := s.Set("editor.font_size", "13"); err != nil {
		t.Fatal(err)
	}
	if err := <-saveErrs; !errors.Is(err, errNoSpace) {
		t.Fatalf("background save on a full disk: %v", err)
	}

	disk.setFull(false) // the user freed some space
	if err := s.Set("editor.theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("editor.theme"); v != "dark" {
		t.Fatalf("theme = %q", v)
	}
}
