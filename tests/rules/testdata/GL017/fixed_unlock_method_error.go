package fixedunlockmethoderror

import (
	"context"
	"errors"
	"sync"
)

// run: m := &Mutex{held: true, store: failingStore{}}; _ = m.Unlock(context.Background()); go func() { _ = m.Held() }()

var errNotHeld = errors.New("not held")

type store interface {
	Delete(ctx context.Context, key string) error
}

type failingStore struct{}

func (failingStore) Delete(context.Context, string) error { return errors.New("timeout") }

// Mutex is a lock kept in a remote store.
type Mutex struct {
	mu    sync.Mutex
	key   string
	held  bool
	store store
}

// Unlock releases the remote lock.
func (m *Mutex) Unlock(ctx context.Context) error {
	m.mu.Lock()
	if !m.held {
		m.mu.Unlock()
		return errNotHeld
	}
	if err := m.store.Delete(ctx, m.key); err != nil {
		m.mu.Unlock()
		return err
	}
	m.held = false
	m.mu.Unlock()
	return nil
}

// Held reports whether the lock is held.
func (m *Mutex) Held() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.held
}
