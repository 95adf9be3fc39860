package moderation

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// strikeBook remembers when each user was last sanctioned.
type strikeBook struct {
	mu     sync.Mutex
	byUser map[string][]time.Time // ascending
}

// Strikes returns the number of live strikes of user.
func (m *Moderator) Strikes(user string) int {
	m.strikes.mu.Lock()
	defer m.strikes.mu.Unlock()
	return len(m.strikes.byUser[user])
}

// escalate records a strike against the author of msg and enforces the
// matching step of the ladder.
func (m *Moderator) escalate(ctx context.Context, msg Message, reason Category) (Action, int, error) {
	now := m.cfg.Clock.Now()

	m.strikes.mu.Lock()
	defer m.strikes.mu.Unlock()
	hist := append(m.strikes.byUser[msg.UserID], now)
	m.strikes.byUser[msg.UserID] = hist
	step := len(hist) - 1
	if step >= len(m.cfg.Ladder) {
		step = len(m.cfg.Ladder) - 1
	}
	action := m.cfg.Ladder[step]
	// Enforce while holding the book: two flagged messages from the same
	// user must reach the platform in strike order, or a late Warn could
	// lift a Mute that was applied a moment earlier.
	err := m.cfg.Enforcer.Enforce(ctx, msg, action, string(reason))

	if err != nil {
		return action, len(hist), fmt.Errorf("enforce %s on user %s: %w", action, msg.UserID, err)
	}
	return action, len(hist), nil
}

// decayLoop drops expired strikes on every tick until Close.
func (m *Moderator) decayLoop(tick <-chan time.Time, stop func()) {
	defer stop()
	for {
		select {
		case <-m.quit:
			return
		case now := <-tick:
			m.expireStrikes(now)
		}
	}
}

// expireStrikes forgets strikes older than StrikeTTL at now.
func (m *Moderator) expireStrikes(now time.Time) {
	cutoff := now.Add(-m.cfg.StrikeTTL)
	m.strikes.mu.Lock()
	defer m.strikes.mu.Unlock()
	for user, hist := range m.strikes.byUser {
		i := sort.Search(len(hist), func(i int) bool { return hist[i].After(cutoff) })
		if i == len(hist) {
			delete(m.strikes.byUser, user)
			continue
		}
		m.strikes.byUser[user] = hist[i:]
	}
}
