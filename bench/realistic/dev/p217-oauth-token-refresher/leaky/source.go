package tokenrefresh

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// idleRecheck is how long the refresher sleeps when the cached token does
// not expire at all.
const idleRecheck = time.Hour

// Option configures a Source.
type Option func(*options)

type options struct {
	clock       Clock
	earlyExpiry time.Duration
	timeout     time.Duration
	minBackoff  time.Duration
	maxBackoff  time.Duration
	initial     *Token
	onError     func(error)
}

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithEarlyExpiry makes the background refresher renew tokens d before they
// expire. The default is one minute.
func WithEarlyExpiry(d time.Duration) Option { return func(o *options) { o.earlyExpiry = d } }

// WithRequestTimeout bounds each request to the token endpoint. The default
// is 30 seconds.
func WithRequestTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithBackoff sets the delay between failed background refreshes. It starts
// at lo and doubles up to hi.
func WithBackoff(lo, hi time.Duration) Option {
	return func(o *options) { o.minBackoff, o.maxBackoff = lo, hi }
}

// WithInitialToken seeds the Source with a previously issued token, for
// example one restored from disk, so New does not contact the endpoint.
func WithInitialToken(t *Token) Option { return func(o *options) { o.initial = t.clone() } }

// WithErrorHandler registers f to be called with every failed refresh.
func WithErrorHandler(f func(error)) Option { return func(o *options) { o.onError = f } }

// Source hands out access tokens, refreshing them shortly before they expire.
type Source struct {
	ep   Endpoint
	opts options

	mu       sync.Mutex
	tok      *Token
	inflight *refreshCall
	closed   bool

	wake      chan struct{} // capacity 1; tells run to recompute its schedule
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// refreshCall is a single request to the token endpoint shared by everyone
// who needs its result.
type refreshCall struct {
	done chan struct{}
	tok  *Token
	err  error
}

// New creates a Source and starts its background refresher. Unless a token
// is supplied with WithInitialToken, New waits for the first token so that
// bad client credentials are reported to the caller straight away.
func New(ctx context.Context, ep Endpoint, opts ...Option) (*Source, error) {
	if ep == nil {
		return nil, errors.New("tokenrefresh: nil endpoint")
	}
	o := options{
		clock:       systemClock{},
		earlyExpiry: time.Minute,
		timeout:     30 * time.Second,
		minBackoff:  time.Second,
		maxBackoff:  5 * time.Minute,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.minBackoff <= 0 || o.maxBackoff < o.minBackoff {
		return nil, fmt.Errorf("tokenrefresh: invalid backoff %v..%v", o.minBackoff, o.maxBackoff)
	}

	s := &Source{
		ep:   ep,
		opts: o,
		tok:  o.initial,
		wake: make(chan struct{}, 1),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	go s.run()

	if o.initial == nil {
		if _, err := s.Token(ctx); err != nil {
			return nil, fmt.Errorf("tokenrefresh: initial token: %w", err)
		}
	}
	return s, nil
}

// Token returns a valid token, waiting for a refresh if the cached one has
// expired. It is safe for concurrent use; concurrent callers share a single
// request to the endpoint.
func (s *Source) Token(ctx context.Context) (*Token, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if s.tok.Valid(s.opts.clock.Now()) {
		tok := s.tok.clone()
		s.mu.Unlock()
		return tok, nil
	}
	c := s.refreshLocked()
	s.mu.Unlock()

	select {
	case <-c.done:
		if c.err != nil {
			return nil, c.err
		}
		return c.tok.clone(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Invalidate discards the cached access token, typically because a resource
// server rejected it, and asks the refresher to fetch a new one now.
func (s *Source) Invalidate() {
	s.mu.Lock()
	if s.tok != nil {
		t := s.tok.clone()
		t.AccessToken = ""
		s.tok = t
	}
	s.mu.Unlock()
	s.poke()
}

// Close stops the background refresher. Token returns ErrClosed afterwards.
func (s *Source) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		close(s.quit)
	})
	<-s.done
	return nil
}

func (s *Source) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// refreshLocked returns the in-flight refresh, starting one if there is
// none. s.mu must be held.
func (s *Source) refreshLocked() *refreshCall {
	if s.inflight != nil {
		return s.inflight
	}
	c := &refreshCall{done: make(chan struct{})}
	s.inflight = c
	var rt string
	if s.tok != nil {
		rt = s.tok.RefreshToken
	}
	go s.doRefresh(c, rt)
	return c
}

// doRefresh performs c against the endpoint. It is detached from any
// caller's context so that one impatient caller cannot fail the refresh for
// everybody else.
func (s *Source) doRefresh(c *refreshCall, refreshToken string) {
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.timeout)
	defer cancel()

	var tok *Token
	var err error
	if refreshToken != "" {
		tok, err = s.ep.Refresh(ctx, refreshToken)
	} else {
		tok, err = s.ep.Exchange(ctx)
	}
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("endpoint returned an empty access token")
	}
	if err != nil {
		err = fmt.Errorf("tokenrefresh: refresh: %w", err)
	}

	s.mu.Lock()
	var re *RetrieveError
	switch {
	case err == nil:
		if tok.RefreshToken == "" {
			// Servers may omit the refresh token when it is unchanged.
			tok.RefreshToken = refreshToken
		}
		s.tok = tok
	case refreshToken != "" && errors.As(err, &re) && re.Code == "invalid_grant":
		// The refresh token was revoked; fall back to a full exchange.
		if s.tok != nil {
			t := s.tok.clone()
			t.RefreshToken = ""
			s.tok = t
		}
	}
	s.inflight = nil
	s.mu.Unlock()

	c.tok, c.err = tok, err
	close(c.done)

	if err != nil {
		if s.opts.onError != nil {
			s.opts.onError(err)
		}
		return
	}
	s.poke()
}

// run renews the token shortly before it expires, backing off after
// failures, until Close is called.
func (s *Source) run() {
	defer close(s.done)
	failures := 0
	for {
		if d := s.untilRefresh(failures); d > 0 {
			t := s.opts.clock.NewTimer(d)
			select { // leak: refresher loop keeps waiting for a retry nobody will stop
			case <-t.C():
			case <-s.wake:
				t.Stop()
				continue
			case <-s.quit:
				t.Stop()
				return
			}
		}

		s.mu.Lock()
		c := s.refreshLocked()
		s.mu.Unlock()
		select {
		case <-c.done:
		case <-s.quit:
			return
		}
		if c.err != nil {
			failures++
		} else {
			failures = 0
		}
	}
}

// untilRefresh returns how long run should wait before its next attempt.
func (s *Source) untilRefresh(failures int) time.Duration {
	s.mu.Lock()
	tok := s.tok
	s.mu.Unlock()

	now := s.opts.clock.Now()
	if !tok.expiresWithin(now, s.opts.earlyExpiry) {
		if tok.Expiry.IsZero() {
			return idleRecheck
		}
		return tok.Expiry.Add(-s.opts.earlyExpiry).Sub(now)
	}
	if failures == 0 {
		return 0
	}
	d := s.opts.minBackoff
	for i := 1; i < failures && d < s.opts.maxBackoff; i++ {
		d *= 2
	}
	if d > s.opts.maxBackoff {
		d = s.opts.maxBackoff
	}
	return d
}
