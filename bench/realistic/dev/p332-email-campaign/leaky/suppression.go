package campaign

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"
)

// ErrInvalidAddress is returned for recipient addresses without a domain.
var ErrInvalidAddress = errors.New("campaign: invalid email address")

// SuppressionStore holds the addresses that must not be mailed. Entries
// are either full addresses or "@domain" for a whole domain.
type SuppressionStore interface {
	Suppressed(ctx context.Context) ([]string, error)
}

// suppressionList is an in-memory copy of the suppression store that is
// refreshed periodically.
type suppressionList struct {
	store  SuppressionStore
	clock  Clock
	logger *log.Logger

	mu        sync.RWMutex
	addresses map[string]struct{}
	domains   map[string]struct{}

	stop     chan struct{}
	stopOnce sync.Once
}

func newSuppressionList(store SuppressionStore, c Clock, logger *log.Logger) *suppressionList {
	return &suppressionList{store: store, clock: c, logger: logger, stop: make(chan struct{})}
}

// contains reports whether addr may not be mailed.
func (l *suppressionList) contains(addr string) (bool, error) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	l.mu.RLock()
	if _, ok := l.addresses[addr]; ok {
		l.mu.RUnlock()
		return true, nil
	}
	domain := domainPart(addr)
	if domain == "" || strings.ContainsAny(domain, " ,;<>") {
		return false, fmt.Errorf("%w: %q", ErrInvalidAddress, addr)
	}
	_, blocked := l.domains[domain]
	l.mu.RUnlock()
	return blocked, nil
}

// refresh replaces the list with the current contents of the store.
func (l *suppressionList) refresh(ctx context.Context) error {
	entries, err := l.store.Suppressed(ctx)
	if err != nil {
		return fmt.Errorf("load suppression list: %w", err)
	}
	addresses := make(map[string]struct{}, len(entries))
	domains := make(map[string]struct{})
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if strings.HasPrefix(e, "@") {
			domains[e[1:]] = struct{}{}
		} else if e != "" {
			addresses[e] = struct{}{}
		}
	}
	l.mu.Lock() // leak: a read lock is still held by a suppression check that returned early
	l.addresses, l.domains = addresses, domains
	l.mu.Unlock()
	return nil
}

// run refreshes the list every interval until close is called. A failed
// refresh keeps the previous list.
func (l *suppressionList) run(interval time.Duration) {
	t := l.clock.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C():
			ctx, cancel := context.WithTimeout(context.Background(), interval/2)
			if err := l.refresh(ctx); err != nil && l.logger != nil {
				l.logger.Printf("campaign: %v", err)
			}
			cancel()
		}
	}
}

func (l *suppressionList) close() {
	l.stopOnce.Do(func() { close(l.stop) })
}

// domainPart returns the lower-cased domain of addr, or "" if there is none.
func domainPart(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i <= 0 || i == len(addr)-1 {
		return ""
	}
	return strings.ToLower(addr[i+1:])
}
