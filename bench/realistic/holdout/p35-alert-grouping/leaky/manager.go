// Package alerting groups incoming alerts by a set of labels and sends one
// notification per group, first after a short wait that lets related alerts arrive
// together and then at a fixed interval while the group still has alerts.
package alerting

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"
)

// Alert is a single alert as sent by a monitoring system.
type Alert struct {
	Name     string            `json:"name"`
	Labels   map[string]string `json:"labels"`
	Resolved bool              `json:"resolved"`
}

func (a Alert) fingerprint() string {
	keys := make([]string, 0, len(a.Labels))
	for k := range a.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(a.Name)
	for _, k := range keys {
		b.WriteString("," + k + "=" + a.Labels[k])
	}
	return b.String()
}

// Notification is what a group sends when its timer fires.
type Notification struct {
	GroupKey string
	Firing   []Alert
	Resolved []Alert
}

// Notifier delivers a notification to a receiver (chat, pager, e-mail...).
type Notifier func(ctx context.Context, n Notification) error

// Option configures a Manager.
type Option func(*Manager)

// WithGroupBy sets the labels whose values define a group.
func WithGroupBy(labels ...string) Option { return func(m *Manager) { m.groupBy = labels } }

// WithGroupWait sets how long a new group waits before its first notification.
func WithGroupWait(d time.Duration) Option { return func(m *Manager) { m.groupWait = d } }

// WithGroupInterval sets how often a group notifies after the first time.
func WithGroupInterval(d time.Duration) Option { return func(m *Manager) { m.groupInterval = d } }

// WithErrorHandler sets a function called when a notification fails.
func WithErrorHandler(f func(error)) Option { return func(m *Manager) { m.onError = f } }

// Manager owns the alert groups.
type Manager struct {
	notify        Notifier
	groupBy       []string
	groupWait     time.Duration
	groupInterval time.Duration
	onError       func(error)

	mu     sync.Mutex
	groups map[string]*group
}

// New returns a Manager that sends notifications through notify.
func New(notify Notifier, opts ...Option) *Manager {
	m := &Manager{
		notify:        notify,
		groupWait:     30 * time.Second,
		groupInterval: 5 * time.Minute,
		onError:       func(error) {},
		groups:        make(map[string]*group),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Receive adds or updates an alert in its group, creating the group if needed.
func (m *Manager) Receive(a Alert) error {
	if a.Name == "" {
		return errors.New("alerting: alert without a name")
	}
	parts := make([]string, len(m.groupBy))
	for i, l := range m.groupBy {
		parts[i] = l + "=" + a.Labels[l]
	}
	key := strings.Join(parts, ",")

	m.mu.Lock()
	defer m.mu.Unlock()
	g, ok := m.groups[key]
	if !ok {
		ctx, cancel := context.WithCancel(context.Background())
		g = newGroup(m, key, cancel)
		m.groups[key] = g
		go g.run(ctx)
	}
	g.add(a)
	return nil
}

// Groups returns the number of active groups.
func (m *Manager) Groups() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.groups)
}

// removeIfEmpty drops g once all its alerts have been resolved and notified.
func (m *Manager) removeIfEmpty(g *group) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.groups[g.key] == g && g.empty() {
		delete(m.groups, g.key)
	}
}

// Stop stops every group timer. Pending notifications are dropped.
func (m *Manager) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for key, g := range m.groups {
		g.cancel()
		delete(m.groups, key)
	}
}
