package fixed_kv_actor

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
)

// run: s := Start(map[string]string{"region": "eu"}); go func() { _, _ = s.Get("Region!") }(); for s.Handled() == 0 { time.Sleep(time.Millisecond) }; s.Stop()

// ErrStopped is returned by a Store that no longer serves.
var ErrStopped = errors.New("kv: stopped")

type getRequest struct {
	key   string
	reply chan getResult
}

type getResult struct {
	value string
	err   error
}

// Store serves reads of its map from one goroutine, so that writers need no lock.
type Store struct {
	data    map[string]string
	gets    chan getRequest
	quit    chan struct{}
	handled atomic.Int64
}

// Start serves data until Stop.
func Start(data map[string]string) *Store {
	s := &Store{data: data, gets: make(chan getRequest), quit: make(chan struct{})}
	go s.serve()
	return s
}

func (s *Store) serve() {
	for {
		select {
		case req := <-s.gets:
			s.handled.Add(1)
			key, err := normalize(req.key)
			if err != nil {
				req.reply <- getResult{err: err}
				continue
			}
			v, ok := s.data[key]
			if !ok {
				req.reply <- getResult{err: fmt.Errorf("kv: no key %q", key)}
				continue
			}
			req.reply <- getResult{value: v}
		case <-s.quit:
			return
		}
	}
}

func normalize(key string) (string, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	if key == "" || strings.ContainsAny(key, "!?*") {
		return "", fmt.Errorf("kv: bad key %q", key)
	}
	return key, nil
}

// Get returns the value stored under key.
func (s *Store) Get(key string) (string, error) {
	req := getRequest{key: key, reply: make(chan getResult)}
	select {
	case s.gets <- req:
	case <-s.quit:
		return "", ErrStopped
	}
	r := <-req.reply
	return r.value, r.err
}

// Handled counts the requests the store has taken.
func (s *Store) Handled() int64 { return s.handled.Load() }

// Stop ends the serving goroutine.
func (s *Store) Stop() { close(s.quit) }
