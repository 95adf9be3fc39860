package streamfollow

import (
	"context"
	"sync"
)

// run: f := NewFeed(ticker{}); _ = f.Follow("A"); _ = f.Follow("B"); f.Close()

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

// Follow switches to a new stream, but drops the previous stream's cancel uncalled:
// its forwarder waits on a context nothing can end any more.
func (f *Feed) Follow(symbols ...string) error {
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := f.src.Stream(ctx, symbols...)
	if err != nil {
		cancel()
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancel = cancel
	go f.forward(ctx, stream)
	return nil
}

func (f *Feed) forward(ctx context.Context, stream <-chan Quote) {
	for {
		select { // want "goroutine `forward` blocks forever receiving from `ctx.Done\\(\\)` once `Follow` runs again"
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
