package groundstation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"
)

// Config describes the station and its planning policy.
type Config struct {
	Antennas []Antenna
	Horizon  time.Duration // how far ahead passes are planned
	// Turnaround is the slew and reconfiguration time between two passes.
	Turnaround time.Duration
	// MinElevation discards passes that never rise above this elevation.
	MinElevation float64
}

// Option customises a Scheduler.
type Option func(*Scheduler)

// WithClock replaces the wall clock, typically for simulation.
func WithClock(c Clock) Option { return func(s *Scheduler) { s.clock = c } }

// Scheduler plans, books and executes passes.
type Scheduler struct {
	cfg     Config
	predict Predictor
	res     Reservations
	radio   Radio
	archive Archive
	clock   Clock
}

// New returns a Scheduler for the station described by cfg.
func New(cfg Config, p Predictor, r Reservations, radio Radio, a Archive, opts ...Option) (*Scheduler, error) {
	if len(cfg.Antennas) == 0 {
		return nil, errors.New("groundstation: no antennas configured")
	}
	s := &Scheduler{cfg: cfg, predict: p, res: r, radio: radio, archive: a, clock: systemClock{}}
	for _, opt := range opts {
		opt(s)
	}
	return s, nil
}

// Plan predicts the passes of sats within the planning horizon and books an
// antenna for as many as possible, favouring high-priority satellites and
// high-elevation passes. Passes that cannot be served are skipped.
func (s *Scheduler) Plan(ctx context.Context, sats []Satellite) ([]Booking, error) {
	now := s.clock.Now()
	var passes []Pass
	for _, sat := range sats {
		ps, err := s.predict.Passes(ctx, sat, now, now.Add(s.cfg.Horizon))
		if err != nil {
			return nil, fmt.Errorf("groundstation: predict %s: %w", sat.Name, err)
		}
		for _, p := range ps {
			if p.MaxElevation >= s.cfg.MinElevation && p.LOS.After(now) {
				passes = append(passes, p)
			}
		}
	}
	sort.SliceStable(passes, func(i, j int) bool {
		a, b := passes[i], passes[j]
		if a.Satellite.Priority != b.Satellite.Priority {
			return a.Satellite.Priority > b.Satellite.Priority
		}
		return a.MaxElevation > b.MaxElevation
	})

	busy := make(map[string][]Pass)
	var bookings []Booking
	for _, p := range passes {
		b, err := s.book(ctx, p, busy)
		if errors.Is(err, ErrNoAntenna) {
			continue
		}
		if err != nil {
			return bookings, err
		}
		busy[b.Antenna] = append(busy[b.Antenna], p)
		bookings = append(bookings, b)
	}
	sort.Slice(bookings, func(i, j int) bool { return bookings[i].Pass.AOS.Before(bookings[j].Pass.AOS) })
	return bookings, nil
}

// book reserves the first antenna that can see p and is free around it.
func (s *Scheduler) book(ctx context.Context, p Pass, busy map[string][]Pass) (Booking, error) {
	for _, ant := range s.cfg.Antennas {
		if p.MaxElevation < ant.MinElevation || s.conflicts(p, busy[ant.ID]) {
			continue
		}
		b, err := s.res.Reserve(ctx, ant.ID, p)
		if err != nil {
			return Booking{}, fmt.Errorf("groundstation: reserve %s for %s: %w", ant.ID, p.Satellite.Name, err)
		}
		return b, nil
	}
	return Booking{}, ErrNoAntenna
}

func (s *Scheduler) conflicts(p Pass, booked []Pass) bool {
	for _, q := range booked {
		if p.AOS.Before(q.LOS.Add(s.cfg.Turnaround)) && q.AOS.Before(p.LOS.Add(s.cfg.Turnaround)) {
			return true
		}
	}
	return false
}

// Execute waits for the pass of b, records its telemetry into the archive
// and releases the antenna afterwards.
func (s *Scheduler) Execute(ctx context.Context, b Booking) (PassReport, error) {
	// The calendar entry must go even if the caller gave up.
	defer func() { _ = s.res.Release(context.Background(), b.ID) }()
	if wait := b.Pass.AOS.Sub(s.clock.Now()); wait > 0 {
		select {
		case <-s.clock.After(wait):
		case <-ctx.Done():
			return PassReport{}, fmt.Errorf("groundstation: waiting for AOS of %s: %w", b.Pass.Satellite.Name, ctx.Err())
		}
	}
	rep, err := s.download(ctx, b)
	if err != nil {
		return rep, fmt.Errorf("groundstation: pass %s: %w", b.ID, err)
	}
	return rep, nil
}

// archiveKey names the archive object of a pass.
func archiveKey(b Booking) string {
	return fmt.Sprintf("%d/%s/%s.tlm", b.Pass.Satellite.NoradID, b.Pass.AOS.UTC().Format("20060102T150405Z"), b.Antenna)
}

// frameStats counts what the repacker saw.
type frameStats struct {
	frames, corrupt int
	bytes           int64
}

// download streams the downlink of b into the archive. Frames are decoded,
// checked and re-encoded on the fly so that nothing is buffered in memory.
func (s *Scheduler) download(ctx context.Context, b Booking) (PassReport, error) {
	rep := PassReport{Booking: b, ArchiveKey: archiveKey(b)}
	src, err := s.radio.Open(ctx, b)
	if err != nil {
		return rep, fmt.Errorf("open downlink: %w", err)
	}
	defer src.Close()

	pr, pw := io.Pipe()
	done := make(chan frameStats, 1)
	go func() {
		st, err := repack(pw, src)
		pw.CloseWithError(err)
		done <- st
	}()

	if err := s.archive.Put(ctx, rep.ArchiveKey, pr); err != nil {
		pr.CloseWithError(err)
		return rep, fmt.Errorf("archive %s: %w", rep.ArchiveKey, err)
	}
	st := <-done
	rep.Frames, rep.CorruptFrames, rep.Bytes = st.frames, st.corrupt, st.bytes
	return rep, nil
}

// repack copies the valid frames of src to w in archive format. Damaged
// frames are counted and dropped; the downlink ending mid-frame at loss of
// signal is normal.
func repack(w io.Writer, src io.Reader) (frameStats, error) {
	var st frameStats
	fr := newFrameReader(src)
	for {
		f, err := fr.Next()
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return st, nil
		case errors.Is(err, errBadCRC):
			st.corrupt++
			continue
		case err != nil:
			return st, fmt.Errorf("decode frame: %w", err)
		}
		rec := encodeRecord(f)
		if _, err := w.Write(rec); err != nil {
			return st, fmt.Errorf("write frame %d: %w", f.Count, err)
		}
		st.frames++
		st.bytes += int64(len(f.Payload))
	}
}
