package upload

import (
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memBucket struct {
	mu   sync.Mutex
	objs map[string][]byte
}

func (b *memBucket) Put(key string, body []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.objs[key] = body
	return nil
}

func TestUploadSkipsEmptyFiles(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := &memBucket{objs: map[string][]byte{}}
	u := New(b, "backups/", 2)
	res := u.UploadAll([]File{{Path: "a", Body: []byte("1")}, {Path: "empty"}, {Path: "b", Body: []byte("2")}})
	if len(res) != 2 {
		t.Fatalf("got %d results", len(res))
	}
}
