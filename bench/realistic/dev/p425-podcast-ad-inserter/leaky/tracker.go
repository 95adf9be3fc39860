package adinsert

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Impression records that an ad was delivered to a listener.
type Impression struct {
	AdID       string
	CampaignID string
	EpisodeID  string
	ListenerID string
	URL        string
}

// Beaconer calls an ad server's impression URL.
type Beaconer interface {
	Fire(ctx context.Context, url string) error
}

// TrackerConfig configures a Tracker.
type TrackerConfig struct {
	// QueueSize is how many impressions may wait to be reported.
	QueueSize int
	// MaxAttempts is how many times a beacon is fired before giving up.
	MaxAttempts int
	// Backoff is the delay before the first retry; it doubles each retry.
	Backoff time.Duration
	// After waits between retries; it defaults to time.After.
	After func(time.Duration) <-chan time.Time
}

// Tracker reports impressions asynchronously, retrying failed beacons.
type Tracker struct {
	cfg   TrackerConfig
	b     Beaconer
	queue chan Impression
	done  chan struct{}

	mu     sync.Mutex
	closed bool
	sent   int
	failed int
}

// NewTracker starts a Tracker that fires beacons with b.
func NewTracker(b Beaconer, cfg TrackerConfig) *Tracker {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 256
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 3
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	t := &Tracker{cfg: cfg, b: b, queue: make(chan Impression, cfg.QueueSize), done: make(chan struct{})}
	go t.run()
	return t
}

// Track queues an impression for reporting. It never blocks: when the
// tracker is closed or its queue is full the impression is counted as lost.
func (t *Tracker) Track(imp Impression) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		t.failed++
		return
	}
	select {
	case t.queue <- imp:
	default:
		t.failed++
	}
}

// Counts returns how many impressions were reported and how many were lost.
func (t *Tracker) Counts() (sent, failed int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sent, t.failed
}

// Close reports what is already queued and then stops the tracker.
func (t *Tracker) Close() {
	t.mu.Lock()
	if !t.closed {
		t.closed = true
		close(t.queue)
	}
	t.mu.Unlock()
	<-t.done
}

func (t *Tracker) run() {
	defer close(t.done)
	for imp := range t.queue {
		err := t.fire(context.Background(), imp)
		t.mu.Lock()
		if err != nil {
			t.failed++
		} else {
			t.sent++
		}
		t.mu.Unlock()
	}
}

// fire calls the impression URL, retrying with exponential backoff.
func (t *Tracker) fire(ctx context.Context, imp Impression) error {
	delay := t.cfg.Backoff
	var err error
	for attempt := 1; attempt <= t.cfg.MaxAttempts; attempt++ {
		if err = t.b.Fire(ctx, imp.URL); err == nil {
			return nil
		}
		if attempt < t.cfg.MaxAttempts {
			<-t.cfg.After(delay)
			delay *= 2
		}
	}
	return fmt.Errorf("beacon for ad %s after %d attempts: %w", imp.AdID, t.cfg.MaxAttempts, err)
}
