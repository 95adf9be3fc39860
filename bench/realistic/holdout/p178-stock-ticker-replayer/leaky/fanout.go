package replay

import (
	"context"
	"sync"
)

// feed is the queue of ticks waiting for one strategy.
type feed struct {
	strategy Strategy
	ticks    chan Tick
}

// fanout delivers every tick to every strategy, each on its own goroutine so
// a slow strategy only holds up the replay once its buffer is full.
type fanout struct {
	buffer  int
	onError func(string, Tick, error)
	feeds   map[string]*feed
	order   []string
	wg      sync.WaitGroup
}

func newFanout(buffer int, onError func(string, Tick, error)) *fanout {
	return &fanout{buffer: buffer, onError: onError, feeds: make(map[string]*feed)}
}

func (f *fanout) add(ctx context.Context, s Strategy) {
	fd := &feed{strategy: s, ticks: make(chan Tick, f.buffer)}
	f.feeds[s.Name()] = fd
	f.order = append(f.order, s.Name())
	f.wg.Add(1)
	go f.consume(ctx, fd)
}

func (f *fanout) consume(ctx context.Context, fd *feed) {
	defer f.wg.Done()
	for t := range fd.ticks { // leak: feeds are only closed when the source reaches EOF
		if err := fd.strategy.OnTick(ctx, t); err != nil {
			f.onError(fd.strategy.Name(), t, err)
		}
	}
}

// publish queues t for every strategy, in registration order.
func (f *fanout) publish(ctx context.Context, t Tick) error {
	for _, name := range f.order {
		select {
		case f.feeds[name].ticks <- t:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// close signals the end of the session and waits for every strategy to
// drain its queue.
func (f *fanout) close() {
	for _, name := range f.order {
		close(f.feeds[name].ticks)
	}
	f.wg.Wait()
}
