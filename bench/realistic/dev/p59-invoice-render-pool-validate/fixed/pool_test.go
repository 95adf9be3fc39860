package invoicing

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStore struct {
	mu   sync.Mutex
	docs map[string][]byte
}

func (m *memStore) Put(ctx context.Context, key string, doc []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[key] = doc
	return nil
}

func TestRenderAllRejectsInvalid(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{docs: map[string][]byte{}}
	r := NewRenderer(store, 3)
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	batch := []Invoice{
		{Number: "A-1", Customer: "Acme", Issued: day, Lines: []Line{{SKU: "w", Quantity: 2, UnitCent: 150}}},
		{Number: "A-2", Customer: "Acme", Issued: day},
		{Number: "A-3", Customer: "Globex", Issued: day, Lines: []Line{{SKU: "g", Quantity: 1, UnitCent: 999}}},
	}
	if _, err := r.RenderAll(context.Background(), batch); err == nil {
		t.Fatal("expected validation error for A-2")
	}

	rep, err := r.RenderAll(context.Background(), batch[:1])
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rendered != 1 {
		t.Fatalf("rendered %d", rep.Rendered)
	}
}
