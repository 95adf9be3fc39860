package relay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Sink receives validated readings, typically the uplink to the data centre.
type Sink interface {
	Publish(ctx context.Context, batch []Reading) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Option configures a Relay.
type Option func(*Relay)

// WithLogger sets the logger used for per-station diagnostics.
func WithLogger(l Logger) Option { return func(r *Relay) { r.log = l } }

// WithFetchTimeout bounds how long a single station fetch may take.
func WithFetchTimeout(d time.Duration) Option { return func(r *Relay) { r.fetchTimeout = d } }

// WithBatchSize sets how many readings are sent upstream per Publish call.
func WithBatchSize(n int) Option { return func(r *Relay) { r.batchSize = n } }

// WithClock replaces time.Now, mainly for tests.
func WithClock(now func() time.Time) Option { return func(r *Relay) { r.now = now } }

// Stats counts what the relay has done since it was created.
type Stats struct {
	Cycles    int
	Published int
	Rejected  int
	Failed    int
}

// Relay polls a set of glacier stations and forwards their readings.
type Relay struct {
	client       StationClient
	sink         Sink
	stations     []Station
	log          Logger
	fetchTimeout time.Duration
	batchSize    int
	now          func() time.Time

	mu     sync.Mutex
	cursor map[string]time.Time
	stats  Stats
}

// New builds a relay for the given stations.
func New(client StationClient, sink Sink, stations []Station, opts ...Option) (*Relay, error) {
	if client == nil || sink == nil {
		return nil, errors.New("relay: client and sink are required")
	}
	if len(stations) == 0 {
		return nil, errors.New("relay: no stations configured")
	}
	seen := make(map[string]bool, len(stations))
	for _, st := range stations {
		if st.ID == "" || seen[st.ID] {
			return nil, fmt.Errorf("relay: invalid or duplicate station id %q", st.ID)
		}
		seen[st.ID] = true
	}
	r := &Relay{
		client:       client,
		sink:         sink,
		stations:     append([]Station(nil), stations...),
		log:          log.New(io.Discard, "", 0),
		fetchTimeout: 30 * time.Second,
		batchSize:    500,
		now:          time.Now,
		cursor:       make(map[string]time.Time, len(stations)),
	}
	for _, o := range opts {
		o(r)
	}
	if r.batchSize <= 0 {
		return nil, fmt.Errorf("relay: batch size must be positive, got %d", r.batchSize)
	}
	return r, nil
}

// Stats returns a snapshot of the relay counters.
func (r *Relay) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Cursor reports the timestamp of the newest reading forwarded for a station.
func (r *Relay) Cursor(stationID string) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cursor[stationID]
}

type fetchResult struct {
	station  Station
	readings []Reading
	err      error
}

func (r *Relay) fetchAll(ctx context.Context, stations []Station) <-chan fetchResult {
	out := make(chan fetchResult)
	for _, st := range stations {
		go func(st Station, since time.Time) {
			fctx, cancel := context.WithTimeout(ctx, r.fetchTimeout)
			defer cancel()
			readings, err := r.client.Fetch(fctx, st, since)
			if err != nil {
				err = &FetchError{Station: st.ID, Err: err}
			}
			out <- fetchResult{station: st, readings: readings, err: err} // leak: nobody receives once Cycle has returned early
		}(st, r.Cursor(st.ID))
	}
	return out
}

// Cycle polls every station once and forwards the accepted readings.
// A station that is offline is skipped; rejected credentials abort the
// cycle because every later upload would be refused as well.
func (r *Relay) Cycle(ctx context.Context) error {
	results := r.fetchAll(ctx, r.stations)
	var (
		batch   []Reading
		advance = make(map[string]time.Time)
		failed  []string
	)
	for range r.stations {
		res := <-results
		if res.err != nil {
			if errors.Is(res.err, ErrUnauthorized) {
				r.count(func(s *Stats) { s.Failed++ })
				return fmt.Errorf("relay: aborting cycle: %w", res.err)
			}
			r.log.Printf("relay: %v", res.err)
			r.count(func(s *Stats) { s.Failed++ })
			failed = append(failed, res.station.ID)
			continue
		}
		accepted := r.filter(res.readings)
		for _, rd := range accepted {
			if rd.At.After(advance[rd.Station]) {
				advance[rd.Station] = rd.At
			}
		}
		batch = append(batch, accepted...)
		if len(batch) >= r.batchSize {
			if err := r.publish(ctx, batch, advance); err != nil {
				return err
			}
			batch, advance = nil, make(map[string]time.Time)
		}
	}
	if len(batch) > 0 {
		if err := r.publish(ctx, batch, advance); err != nil {
			return err
		}
	}
	r.count(func(s *Stats) { s.Cycles++ })
	if len(failed) > 0 {
		sort.Strings(failed)
		r.log.Printf("relay: cycle finished, %d station(s) unreachable: %v", len(failed), failed)
	}
	return nil
}

// Run calls Cycle every interval until ctx is cancelled or a cycle fails
// with ErrUnauthorized.
func (r *Relay) Run(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := r.Cycle(ctx); err != nil {
			if errors.Is(err, ErrUnauthorized) {
				return err
			}
			r.log.Printf("relay: %v", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (r *Relay) filter(in []Reading) []Reading {
	now := r.now()
	out := make([]Reading, 0, len(in))
	for _, rd := range in {
		if err := validate(rd, now); err != nil {
			r.log.Printf("relay: drop reading: %v", err)
			r.count(func(s *Stats) { s.Rejected++ })
			continue
		}
		out = append(out, rd)
	}
	return out
}

func (r *Relay) publish(ctx context.Context, batch []Reading, advance map[string]time.Time) error {
	sort.Slice(batch, func(i, j int) bool { return batch[i].At.Before(batch[j].At) })
	if err := r.sink.Publish(ctx, batch); err != nil {
		return fmt.Errorf("relay: publish %d readings: %w", len(batch), err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, at := range advance {
		if at.After(r.cursor[id]) {
			r.cursor[id] = at
		}
	}
	r.stats.Published += len(batch)
	return nil
}

func (r *Relay) count(f func(*Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}
