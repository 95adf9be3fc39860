package export

import (
	"bytes"
	"errors"
	"io"
	"sync"
)

// ObjectStore receives uploaded objects. Upload reads r until EOF.
type ObjectStore interface {
	Upload(name string, r io.Reader) error
}

// MemStore is an in-memory ObjectStore that receives objects in fixed-size
// parts, the way multipart uploads to a blob store do.
type MemStore struct {
	PartSize int

	mu      sync.Mutex
	objects map[string][]byte
	parts   int
}

// NewMemStore returns an empty store with the given part size.
func NewMemStore(partSize int) *MemStore {
	return &MemStore{PartSize: partSize, objects: make(map[string][]byte)}
}

// Upload stores everything read from r under name. A read error aborts the
// upload and nothing is stored.
func (m *MemStore) Upload(name string, r io.Reader) error {
	var obj bytes.Buffer
	part := make([]byte, m.PartSize)
	for {
		n, err := io.ReadFull(r, part)
		obj.Write(part[:n])
		m.mu.Lock()
		m.parts++
		m.mu.Unlock()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	m.mu.Lock()
	m.objects[name] = obj.Bytes()
	m.mu.Unlock()
	return nil
}

// Object returns the stored bytes of name.
func (m *MemStore) Object(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.objects[name]
	return b, ok
}
