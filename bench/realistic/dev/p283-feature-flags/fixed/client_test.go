package flags

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// fakeTransport hands out scripted streams, or fails Open with openErr.
type fakeTransport struct {
	mu      sync.Mutex
	openErr error
	opens   int
	keys    []string
}

func (f *fakeTransport) Open(_ context.Context, sdkKey string) (Stream, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opens++
	f.keys = append(f.keys, sdkKey)
	if f.openErr != nil {
		return nil, f.openErr
	}
	return nil, errors.New("fakeTransport: no stream scripted")
}

func TestNewWithRevokedKey(t *testing.T) {
	defer goleak.VerifyNone(t)

	tr := &fakeTransport{openErr: &StatusError{Code: 401}}
	c, err := New(context.Background(), Config{SDKKey: "sdk-revoked-0001"}, tr)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("New error = %v, want %v", err, ErrUnauthorized)
	}
	if c != nil {
		t.Fatalf("New returned a client along with %v", err)
	}

	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.opens != 1 {
		t.Errorf("transport opened %d times, want 1 (401 must not be retried)", tr.opens)
	}
	if len(tr.keys) != 1 || tr.keys[0] != "sdk-revoked-0001" {
		t.Errorf("opened with keys %v", tr.keys)
	}
}
