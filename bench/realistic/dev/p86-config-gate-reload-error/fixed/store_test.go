package config

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFile struct {
	mu   sync.Mutex
	body string
}

func (f *fakeFile) read() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return []byte(f.body), nil
}

func (f *fakeFile) write(s string) {
	f.mu.Lock()
	f.body = s
	f.mu.Unlock()
}

func TestBadEditKeepsServingOldConfig(t *testing.T) {
	defer goleak.VerifyNone(t)

	file := &fakeFile{body: `{"upstream":"10.0.0.5:443","max_conns":64}`}
	s := NewStore(file.read)
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := s.Get().MaxConns; got != 64 {
		t.Fatalf("max_conns %d", got)
	}

	// An operator saves a config with a typo; SIGHUP triggers a reload.
	file.write(`{"upstream":"10.0.0.5:443","max_conns":0}`)
	if err := s.Reload(); err == nil {
		t.Fatal("invalid config accepted")
	}

	// Requests keep coming in and must keep using the last good config.
	got := make(chan *Config, 1)
	go func() { got <- s.Get() }()
	select {
	case cfg := <-got:
		if cfg.MaxConns != 64 || s.Version() != 1 {
			t.Fatalf("config %+v, version %d", cfg, s.Version())
		}
	case <-time.After(200 * time.Millisecond):
		t.Error("request blocked after a failed reload")
	}
}
