package uploads

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestFlushWithFailedUpload(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := NewQueue(func(it Item) error {
		time.Sleep(10 * time.Millisecond)
		if strings.HasSuffix(it.Path, ".tmp") {
			return errors.New("403: refusing temporary file")
		}
		return nil
	}, 2)

	for _, p := range []string{"photos/1.jpg", "photos/2.jpg", "photos/.3.jpg.tmp"} {
		if err := q.Add(Item{Path: p, Size: 1 << 20}); err != nil {
			t.Fatal(err)
		}
	}

	flushed := make(chan struct{})
	go func() {
		q.Flush()
		close(flushed)
	}()
	select {
	case <-flushed:
	case <-time.After(300 * time.Millisecond):
		t.Error("Flush did not return")
	}
	if f := q.Failed(); len(f) != 1 || f[0].Path != "photos/.3.jpg.tmp" {
		t.Errorf("failed %v", f)
	}
	q.Close()
}
