package karaoke

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// LyricsSource looks up timed lyrics for a catalogue song.
type LyricsSource interface {
	Fetch(ctx context.Context, songID string) (*Lyrics, error)
}

// Option configures a Host.
type Option func(*Host)

// WithLyricsTimeout bounds how long a request waits for lyrics before the
// song is queued without them.
func WithLyricsTimeout(d time.Duration) Option {
	return func(h *Host) { h.timeout = d }
}

// WithMaxPerSinger limits how many songs a singer may have queued.
func WithMaxPerSinger(n int) Option {
	return func(h *Host) { h.maxPerSinger = n }
}

// WithLogger sets where the host reports lyrics problems.
func WithLogger(logf func(format string, args ...interface{})) Option {
	return func(h *Host) { h.logf = logf }
}

// Host takes requests from singers, prefetches lyrics and calls the next
// singer to the stage.
type Host struct {
	source       LyricsSource
	timeout      time.Duration
	maxPerSinger int
	logf         func(format string, args ...interface{})
	queue        *Queue

	mu    sync.Mutex
	cache map[string]*Lyrics
}

// NewHost returns a host that loads lyrics from src.
func NewHost(src LyricsSource, opts ...Option) *Host {
	h := &Host{
		source:       src,
		timeout:      2 * time.Second,
		maxPerSinger: 2,
		logf:         func(string, ...interface{}) {},
		cache:        make(map[string]*Lyrics),
	}
	for _, o := range opts {
		o(h)
	}
	h.queue = NewQueue(h.maxPerSinger)
	return h
}

// Request queues a song for singer. If the lyrics cannot be loaded in time
// the song is queued anyway and the lyrics are tried again when it is called.
func (h *Host) Request(ctx context.Context, singer string, song Song) (Entry, error) {
	lyrics, err := h.lyrics(ctx, song.ID)
	if err != nil {
		h.logf("queueing %s without lyrics: %v", song, err)
	}
	return h.queue.Add(singer, song, lyrics)
}

// Next calls up the next singer. Lyrics that were missing at request time
// are fetched again.
func (h *Host) Next(ctx context.Context) (Entry, error) {
	e, err := h.queue.Pop()
	if err != nil {
		return e, err
	}
	if e.Lyrics == nil {
		if l, err := h.lyrics(ctx, e.Song.ID); err == nil {
			e.Lyrics = l
		} else {
			h.logf("%s will sing %s without a lyrics screen: %v", e.Singer, e.Song, err)
		}
	}
	return e, nil
}

// Cancel drops a request by ticket.
func (h *Host) Cancel(ticket int) bool { return h.queue.Remove(ticket) }

// Upcoming lists pending requests in calling order.
func (h *Host) Upcoming() []Entry { return h.queue.Upcoming() }

type fetchResult struct {
	lyrics *Lyrics
	err    error
}

// lyrics returns cached lyrics or fetches them within the host's timeout.
// Not every provider honours cancellation promptly, so the fetch runs in its
// own goroutine and the host stops waiting at the deadline.
func (h *Host) lyrics(ctx context.Context, songID string) (*Lyrics, error) {
	h.mu.Lock()
	l, ok := h.cache[songID]
	h.mu.Unlock()
	if ok {
		return l, nil
	}

	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()

	ch := make(chan fetchResult, 1)
	go func() {
		l, err := h.source.Fetch(ctx, songID)
		ch <- fetchResult{l, err}
	}()

	select {
	case r := <-ch:
		if r.err != nil {
			return nil, r.err
		}
		h.mu.Lock()
		h.cache[songID] = r.lyrics
		h.mu.Unlock()
		return r.lyrics, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("lyrics for %s: %w", songID, ctx.Err())
	}
}
