package replychannel

import (
	"context"
	"time"
)

// run: s := NewStore(); ctx, cancel := context.WithCancel(context.Background()); cancel(); _, _ = s.Get(ctx, "k"); s.Close()

type request struct {
	key   string
	reply chan string
}

// Store owns its map in one goroutine; callers ask it through requests.
type Store struct {
	gets chan request
	done chan struct{}
	data map[string]string
}

func NewStore() *Store {
	s := &Store{gets: make(chan request), done: make(chan struct{}), data: map[string]string{"k": "v"}}
	go s.serve()
	return s
}

func (s *Store) serve() {
	for {
		select {
		case req := <-s.gets:
			time.Sleep(20 * time.Millisecond) // a slow lookup
			req.reply <- s.data[req.key]      // want "goroutine `serve` blocks forever sending on `req.reply` \\(`reply`\\) when `<-ctx.Done\\(\\)` wins the select"
		case <-s.done:
			return
		}
	}
}

func (s *Store) Close() { close(s.done) }

func (s *Store) Get(ctx context.Context, key string) (string, error) {
	reply := make(chan string)
	s.gets <- request{key: key, reply: reply}
	select {
	case v := <-reply:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
