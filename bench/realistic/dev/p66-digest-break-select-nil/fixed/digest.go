package digest

import (
	"sort"
	"time"
)

// Notification is a single thing a user should hear about.
type Notification struct {
	User    string
	Kind    string
	Subject string
	At      time.Time
}

// Digest groups a user's notifications into one message.
type Digest struct {
	User  string
	Items []Notification
}

// Builder collects notifications and emits one digest per user every window,
// and a final round when the input ends.
type Builder struct {
	window   time.Duration
	maxItems int
	out      chan Digest
	flushReq chan chan int
}

// Option configures a Builder.
type Option func(*Builder)

// WithWindow sets how often digests are emitted.
func WithWindow(d time.Duration) Option { return func(b *Builder) { b.window = d } }

// WithMaxItems caps the number of items per digest; older items are dropped.
func WithMaxItems(n int) Option { return func(b *Builder) { b.maxItems = n } }

// Start consumes in until it is closed.
func Start(in <-chan Notification, opts ...Option) *Builder {
	b := &Builder{window: 15 * time.Minute, maxItems: 50, out: make(chan Digest, 64), flushReq: make(chan chan int)}
	for _, o := range opts {
		o(b)
	}
	go b.run(in)
	return b
}

// Out delivers digests; it is closed after the final round.
func (b *Builder) Out() <-chan Digest { return b.out }

// Flush emits pending digests now and reports how many were emitted.
func (b *Builder) Flush() int {
	done := make(chan int)
	b.flushReq <- done
	return <-done
}

func (b *Builder) run(in <-chan Notification) {
	defer close(b.out)
	pending := map[string][]Notification{}
	tick := time.NewTicker(b.window)
	defer tick.Stop()

loop:
	for {
		select {
		case n, ok := <-in:
			if !ok {
				b.emit(pending)
				break loop
			}
			items := append(pending[n.User], n)
			if len(items) > b.maxItems {
				items = items[len(items)-b.maxItems:]
			}
			pending[n.User] = items
		case <-tick.C:
			b.emit(pending)
		case done := <-b.flushReq:
			done <- b.emit(pending)
		}
	}
}

func (b *Builder) emit(pending map[string][]Notification) int {
	users := make([]string, 0, len(pending))
	for u := range pending {
		users = append(users, u)
	}
	sort.Strings(users)
	for _, u := range users {
		b.out <- Digest{User: u, Items: pending[u]}
		delete(pending, u)
	}
	return len(users)
}
