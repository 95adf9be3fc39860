package studio

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// WaitlistEntry is a client waiting for the next free session of an artist.
type WaitlistEntry struct {
	Client   string
	Artist   string
	Design   string
	JoinedAt time.Time
}

type waiter struct {
	WaitlistEntry
	joined chan<- joinResult
}

type joinResult struct {
	pos int
	err error
}

// line is the waitlist of one artist. Its cond uses the studio mutex.
type line struct {
	cond     *sync.Cond
	waiters  []*waiter
	openings []Slot
}

func (l *line) nextInLine(w *waiter) bool {
	return len(l.waiters) > 0 && l.waiters[0] == w && len(l.openings) > 0
}

func (l *line) remove(w *waiter) {
	for i := range l.waiters {
		if l.waiters[i] == w {
			l.waiters = append(l.waiters[:i:i], l.waiters[i+1:]...)
			return
		}
	}
}

// JoinWaitlist queues client for the next session that frees up with
// artist. The client is notified when a slot has been booked for them, or
// when the studio closes its waitlist. It returns the client's position.
func (s *Studio) JoinWaitlist(ctx context.Context, client, artist, design string) (int, error) {
	if _, ok := s.artists[artist]; !ok {
		return 0, fmt.Errorf("%w: %q", ErrUnknownArtist, artist)
	}
	joined := make(chan joinResult, 1)
	w := &waiter{
		WaitlistEntry: WaitlistEntry{Client: client, Artist: artist, Design: design, JoinedAt: time.Now()},
		joined:        joined,
	}
	s.wg.Add(1)
	go s.await(w)
	select {
	case r := <-joined:
		return r.pos, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Waitlist returns the clients waiting for artist, first in line first.
func (s *Studio) Waitlist(artist string) []WaitlistEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.lines[artist]
	if !ok {
		return nil
	}
	out := make([]WaitlistEntry, 0, len(l.waiters))
	for _, w := range l.waiters {
		out = append(out, w.WaitlistEntry)
	}
	return out
}

// await owns one waitlist entry from joining until it is served or the
// studio closes.
func (s *Studio) await(w *waiter) {
	defer s.wg.Done()

	s.mu.Lock()
	l := s.lines[w.Artist]
	if s.closed {
		s.mu.Unlock()
		w.joined <- joinResult{err: ErrClosed}
		return
	}
	for _, q := range l.waiters {
		if q.Client == w.Client {
			s.mu.Unlock()
			w.joined <- joinResult{err: fmt.Errorf("studio: %s already waiting for %s", w.Client, w.Artist)}
			return
		}
	}
	l.waiters = append(l.waiters, w)
	w.joined <- joinResult{pos: len(l.waiters)}

	var booking Booking
	for {
		for !s.closed && !l.nextInLine(w) {
			l.cond.Wait()
		}
		if s.closed {
			l.remove(w)
			s.mu.Unlock()
			s.notify(func(ctx context.Context) error {
				return s.cfg.Notifier.WaitlistClosed(ctx, w.Client, w.Artist)
			})
			return
		}
		slot := l.openings[0]
		l.openings = l.openings[1:]
		var err error
		if booking, err = s.bookLocked(w.Client, w.Design, slot); err == nil {
			break
		}
		s.cfg.Logger.Printf("studio: opening %s with %s no longer free: %v", slot.Start.Format(time.RFC3339), slot.Artist, err)
	}
	l.remove(w)
	if len(l.openings) > 0 {
		l.cond.Broadcast()
	}
	s.mu.Unlock()

	s.cfg.Logger.Printf("studio: waitlisted %s booked as %s", w.Client, booking.ID)
	s.notify(func(ctx context.Context) error {
		return s.cfg.Notifier.SlotOffered(ctx, w.Client, booking)
	})
}

func (s *Studio) notify(send func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.NotifyTimeout)
	defer cancel()
	if err := send(ctx); err != nil {
		s.cfg.Logger.Printf("studio: notification failed: %v", err)
	}
}

// Close stops taking bookings, saves the waitlist so it can be restored
// on the next start, and tells every waiting client.
func (s *Studio) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var entries []WaitlistEntry
	for _, l := range s.lines {
		for _, w := range l.waiters {
			entries = append(entries, w.WaitlistEntry)
		}
	}
	for _, l := range s.lines {
		l.cond.Broadcast()
	}
	s.mu.Unlock()

	if len(entries) > 0 {
		if err := s.cfg.Store.SaveWaitlist(ctx, entries); err != nil {
			return fmt.Errorf("studio: saving %d waitlist entries: %w", len(entries), err)
		}
		s.cfg.Logger.Printf("studio: saved %d waitlist entries", len(entries))
	}
	s.wg.Wait()
	return nil
}
