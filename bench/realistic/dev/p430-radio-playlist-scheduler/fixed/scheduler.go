package playout

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Config describes the station format.
type Config struct {
	// Clock is the format clock: the sequence of rotation categories that
	// make up one hour, e.g. {"A", "ID", "B", "A", "GOLD"}.
	Clock []string
	// ArtistSeparation is the minimum number of slots between two songs by
	// the same artist. Zero disables the rule.
	ArtistSeparation int
	// PreloadDepth is how many upcoming tracks are kept decoded in memory.
	PreloadDepth int
	// Logf receives operational messages. It defaults to a no-op.
	Logf func(format string, args ...interface{})
}

// Scheduler builds playlists and feeds them to air from the active source.
type Scheduler struct {
	lib     Library
	primary AudioSource
	backup  AudioSource
	cfg     Config

	mu       sync.Mutex
	active   AudioSource
	preload  *Preloader
	playlist []Track
	pos      int // index of the next track to air
	rotation map[string]int
	stopped  bool
}

// New returns a Scheduler. backup may be nil, in which case Failover fails.
func New(lib Library, primary, backup AudioSource, cfg Config) (*Scheduler, error) {
	if lib == nil || primary == nil {
		return nil, errors.New("playout: library and primary source are required")
	}
	if len(cfg.Clock) == 0 {
		return nil, errors.New("playout: format clock is empty")
	}
	if cfg.PreloadDepth <= 0 {
		cfg.PreloadDepth = 3
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	return &Scheduler{
		lib:      lib,
		primary:  primary,
		backup:   backup,
		cfg:      cfg,
		active:   primary,
		rotation: make(map[string]int),
	}, nil
}

// BuildPlaylist fills one hour of the format clock. Within each category
// tracks are taken in rotation order, skipping any whose artist was heard
// within the last ArtistSeparation slots.
func (s *Scheduler) BuildPlaylist(ctx context.Context) ([]Track, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	pools := make(map[string][]Track)
	var out []Track
	for slot, cat := range s.cfg.Clock {
		pool, ok := pools[cat]
		if !ok {
			var err error
			pool, err = s.lib.Tracks(ctx, cat)
			if err != nil {
				return nil, fmt.Errorf("slot %d: load category %q: %w", slot, cat, err)
			}
			if len(pool) == 0 {
				return nil, fmt.Errorf("slot %d: %q: %w", slot, cat, ErrEmptyCategory)
			}
			pools[cat] = pool
		}
		t := s.pick(cat, pool, out)
		out = append(out, t)
	}
	return out, nil
}

// pick chooses the next track from pool that satisfies artist separation.
// If none does, the next track in rotation is used anyway: dead air is
// worse than a repeated artist.
func (s *Scheduler) pick(cat string, pool []Track, sofar []Track) Track {
	start := s.rotation[cat]
	for i := 0; i < len(pool); i++ {
		idx := (start + i) % len(pool)
		if !s.recentlyPlayed(pool[idx].Artist, sofar) {
			s.rotation[cat] = idx + 1
			return pool[idx]
		}
	}
	s.rotation[cat] = start + 1
	return pool[start%len(pool)]
}

func (s *Scheduler) recentlyPlayed(artist string, sofar []Track) bool {
	if artist == "" {
		return false
	}
	from := len(sofar) - s.cfg.ArtistSeparation
	if from < 0 {
		from = 0
	}
	for _, t := range sofar[from:] {
		if t.Artist == artist {
			return true
		}
	}
	return false
}

// Start puts a playlist on air from the active source.
func (s *Scheduler) Start(playlist []Track) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	if s.preload != nil {
		s.preload.Close()
	}
	s.playlist = append([]Track(nil), playlist...)
	s.pos = 0
	s.preload = newPreloader(s.active, s.cfg.PreloadDepth, s.loadFailed)
	s.preload.Enqueue(s.playlist...)
	return nil
}

// NextForAir returns the next preloaded track and advances the on-air
// position. It returns ErrNotReady if the preloader has fallen behind; the
// playout engine then streams the track directly.
func (s *Scheduler) NextForAir() (Loaded, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return Loaded{}, ErrStopped
	}
	if s.preload == nil {
		return Loaded{}, ErrNotReady
	}
	l, ok := s.preload.Next()
	if !ok {
		return Loaded{}, ErrNotReady
	}
	s.pos++
	return l, nil
}

// Buffered reports how many tracks the active source has preloaded.
func (s *Scheduler) Buffered() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.preload == nil {
		return 0
	}
	return s.preload.Buffered()
}

// ActiveSource returns the name of the source currently feeding air.
func (s *Scheduler) ActiveSource() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active.Name()
}

// Failover switches to the backup source. Audio already buffered from the
// primary is discarded, since a failing source may have delivered
// truncated files, and the rest of the playlist is reloaded from the backup.
func (s *Scheduler) Failover(reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	if s.backup == nil {
		return fmt.Errorf("failover (%s): %w", reason, ErrNoBackup)
	}
	if s.active == s.backup {
		return nil
	}
	s.cfg.Logf("playout: failing over from %s to %s: %s", s.active.Name(), s.backup.Name(), reason)
	s.active = s.backup
	if s.preload == nil {
		return nil
	}
	s.preload.Close()
	s.preload = newPreloader(s.active, s.cfg.PreloadDepth, s.loadFailed)
	s.preload.Enqueue(s.playlist[s.pos:]...)
	return nil
}

// Stop takes the scheduler off air.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped = true
	if s.preload != nil {
		s.preload.Close()
		s.preload = nil
	}
}

func (s *Scheduler) loadFailed(t Track, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.cfg.Logf("playout: preload %s (%s - %s) failed: %v", t.ID, t.Artist, t.Title, err)
}
