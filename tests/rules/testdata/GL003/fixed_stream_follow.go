package fixedstreamfollow

import (
	"context"
	"sync"
)

type Quote struct {
	Symbol string
	Price  float64
}

// Source streams quotes until the context it is given ends.
type Source interface {
	Stream(ctx context.Context, symbols ...string) (<-chan Quote, error)
}

// ticker is a Source whose stream stays open, quiet, until its context ends.
type ticker struct{}

func (ticker) Stream(ctx context.Context, symbols ...string) (<-chan Quote, error) {
	ch := make(chan Quote)
	go func() {
		<-ctx.Done()
		close(ch)
	}()
	return ch, nil
}

type Feed struct {
	src    Source
	mu     sync.Mutex
	latest map[string]Quote
	cancel context.CancelFunc
}

func NewFeed(src Source) *Feed { return &Feed{src: src, latest: make(map[string]Quote)} }

// Follow switches to a new stream and cancels the previous one first.
func (f *Feed) Follow(symbols ...string) error {
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := f.src.Stream(ctx, symbols...)
	if err != nil {
		cancel()
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
	}
	f.cancel = cancel
	go f.forward(ctx, stream)
	return nil
}

func (f *Feed) forward(ctx context.Context, stream <-chan Quote) {
	for {
		select {
		case <-ctx.Done():
			return
		case q, ok := <-stream:
			if !ok {
				return
			}
			f.mu.Lock()
			f.latest[q.Symbol] = q
			f.mu.Unlock()
		}
	}
}

func (f *Feed) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
}

// Snapshot streams a finite list it was not given the context for: the stream ends
// by itself, so its forwarder leaves when it is drained, context or not.
type Snapshot struct {
	mu     sync.Mutex
	seen   []Quote
	cancel context.CancelFunc
}

func list(symbols ...string) <-chan Quote {
	ch := make(chan Quote, len(symbols))
	for _, s := range symbols {
		ch <- Quote{Symbol: s}
	}
	close(ch)
	return ch
}

func (s *Snapshot) Load(symbols ...string) {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	go s.collect(ctx, list(symbols...))
}

func (s *Snapshot) collect(ctx context.Context, stream <-chan Quote) {
	for {
		select {
		case <-ctx.Done():
			return
		case q, ok := <-stream:
			if !ok {
				return
			}
			s.mu.Lock()
			s.seen = append(s.seen, q)
			s.mu.Unlock()
		}
	}
}

func (s *Snapshot) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}
