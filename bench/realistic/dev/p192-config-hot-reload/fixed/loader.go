package hotreload

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Option configures a Loader.
type Option func(*options)

type options struct {
	readTimeout time.Duration
	validate    func(*Config) error
	onError     func(error)
	now         func() time.Time
}

// WithReadTimeout bounds each read of the source. Default 10s.
func WithReadTimeout(d time.Duration) Option {
	return func(o *options) { o.readTimeout = d }
}

// WithValidator rejects configurations for which fn returns an error; the
// previous version stays in effect.
func WithValidator(fn func(*Config) error) Option {
	return func(o *options) { o.validate = fn }
}

// WithErrorHandler is called when a reload fails. It must not block.
func WithErrorHandler(fn func(error)) Option {
	return func(o *options) { o.onError = fn }
}

// Loader holds the current configuration and reloads it on change.
type Loader struct {
	src  Source
	opts options

	mu      sync.Mutex
	current *Config
	subs    map[uint64]*subscriber
	nextID  uint64
	closed  bool

	stop chan struct{}
	done chan struct{}
}

// New reads the initial configuration and starts watching src. It fails if
// the initial configuration cannot be loaded.
func New(ctx context.Context, src Source, opts ...Option) (*Loader, error) {
	l := &Loader{
		src: src,
		opts: options{
			readTimeout: 10 * time.Second,
			onError:     func(error) {},
			now:         time.Now,
		},
		subs: make(map[uint64]*subscriber),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for _, o := range opts {
		o(&l.opts)
	}
	if _, err := l.reload(ctx); err != nil {
		return nil, fmt.Errorf("hotreload: initial load: %w", err)
	}
	go l.run()
	return l, nil
}

// Current returns the configuration in effect.
func (l *Loader) Current() *Config {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.current
}

// Close stops watching the source and ends all subscriptions.
func (l *Loader) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	for id, s := range l.subs {
		close(s.ch)
		delete(l.subs, id)
	}
	l.mu.Unlock()

	close(l.stop)
	<-l.done
	return nil
}

func (l *Loader) run() {
	defer close(l.done)
	for {
		select {
		case <-l.stop:
			return
		case <-l.src.Changed():
			ctx, cancel := context.WithTimeout(context.Background(), l.opts.readTimeout)
			_, err := l.reload(ctx)
			cancel()
			if err != nil {
				l.opts.onError(err)
			}
		}
	}
}

// reload reads the source and, if the revision changed and the new
// contents are valid, installs and broadcasts the new version. It reports
// whether a new version was installed.
func (l *Loader) reload(ctx context.Context) (bool, error) {
	data, rev, err := l.src.Read(ctx)
	if err != nil {
		return false, fmt.Errorf("read source: %w", err)
	}
	if cur := l.Current(); cur != nil && cur.Revision == rev {
		return false, nil
	}
	values, err := parse(data)
	if err != nil {
		return false, fmt.Errorf("revision %s: %w", rev, err)
	}
	cfg := &Config{Revision: rev, LoadedAt: l.opts.now(), values: values}
	if l.opts.validate != nil {
		if err := l.opts.validate(cfg); err != nil {
			return false, fmt.Errorf("revision %s: %w: %v", rev, ErrInvalid, err)
		}
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false, errors.New("hotreload: loader closed")
	}
	l.current = cfg
	for _, s := range l.subs {
		s.offer(cfg)
	}
	return true, nil
}
