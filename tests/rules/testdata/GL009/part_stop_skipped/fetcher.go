package crawl

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// run: f := NewFetcher(1, []io.Closer{brokenCloser{}}); _ = f.Stop()

type brokenCloser struct{}

func (brokenCloser) Close() error { return errors.New("already gone") }

// Fetcher runs a fixed set of workers over a shared frontier.
type Fetcher struct {
	frontier *frontier
	clients  []io.Closer
	wg       sync.WaitGroup
}

// NewFetcher starts n workers.
func NewFetcher(n int, clients []io.Closer) *Fetcher {
	f := &Fetcher{frontier: newFrontier(), clients: clients}
	for i := 0; i < n; i++ {
		f.wg.Add(1)
		go f.work()
	}
	return f
}

// Enqueue hands a URL to the workers.
func (f *Fetcher) Enqueue(u string) { f.frontier.Push(u) }

func (f *Fetcher) work() {
	defer f.wg.Done()
	for {
		u, err := f.frontier.Take() // want "goroutine `work` never stops when `Stop` returns at line 51: it sleeps in `f.frontier.Take` until `f.frontier.Close\\(\\)` sets its `closed` flag and wakes it, and that return skips the call; it waits there for good"
		if err != nil {
			return
		}
		_ = u
	}
}

// Stop closes the clients, ends the workers and waits for them.
func (f *Fetcher) Stop() error {
	for i, c := range f.clients {
		if err := c.Close(); err != nil {
			return fmt.Errorf("crawl: close client %d: %w", i, err)
		}
	}
	f.frontier.Close()
	f.wg.Wait()
	return nil
}
