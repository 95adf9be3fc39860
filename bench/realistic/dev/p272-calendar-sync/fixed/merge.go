package calsync

import (
	"context"
	"fmt"
)

// merge collects the changes of one pass and applies them under the
// syncer's merge lock. The lock is taken by beginMerge and released by
// commit or abort.
type merge struct {
	s       *Syncer
	pending map[string]Event
	tokens  map[string]string
	resets  []string
	winners []Event
}

func (s *Syncer) beginMerge() *merge {
	s.mergeMu.Lock()
	return &merge{
		s:       s,
		pending: make(map[string]Event),
		tokens:  make(map[string]string),
	}
}

// add queues a provider's changes. When two providers report the same UID,
// the most recently updated copy wins; ties go to the higher priority
// provider.
func (m *merge) add(provider string, cs ChangeSet) {
	for _, ev := range cs.Events {
		ev.Source = provider
		cur, ok := m.pending[ev.UID]
		if !ok || m.s.newer(ev, cur) {
			m.pending[ev.UID] = ev
		}
	}
	m.tokens[provider] = cs.NextToken
}

// resetToken schedules a full listing of provider on the next pass.
func (m *merge) resetToken(provider string) {
	m.resets = append(m.resets, provider)
	m.tokens[provider] = ""
}

// resolve compares every pending event with the stored copy and keeps only
// the ones that are newer.
func (m *merge) resolve(ctx context.Context, rep *Report) error {
	for uid, ev := range m.pending {
		stored, ok, err := m.s.store.Get(ctx, uid)
		if err != nil {
			return fmt.Errorf("load %s: %w", uid, err)
		}
		if ok && !m.s.newer(ev, stored) {
			rep.Stale++
			continue
		}
		m.winners = append(m.winners, ev)
	}
	return nil
}

// commit writes the winners and the new tokens, then releases the lock.
// Tokens are only advanced after every event has been written, so a failed
// commit is retried from the same cursors.
func (m *merge) commit(ctx context.Context, rep *Report) error {
	defer m.release()
	for _, ev := range m.winners {
		if ev.Deleted {
			if err := m.s.store.Delete(ctx, ev.UID); err != nil {
				return fmt.Errorf("delete %s: %w", ev.UID, err)
			}
			rep.Deleted++
			continue
		}
		if err := m.s.store.Put(ctx, ev); err != nil {
			return fmt.Errorf("put %s: %w", ev.UID, err)
		}
		rep.Written++
	}
	for provider, tok := range m.tokens {
		if err := m.s.store.SetToken(ctx, provider, tok); err != nil {
			return fmt.Errorf("save token for %s: %w", provider, err)
		}
	}
	rep.Resets = append(rep.Resets, m.resets...)
	return nil
}

// abort drops the pass without writing anything.
func (m *merge) abort() { m.release() }

func (m *merge) release() {
	if m.s != nil {
		m.s.mergeMu.Unlock()
		m.s = nil
	}
}
