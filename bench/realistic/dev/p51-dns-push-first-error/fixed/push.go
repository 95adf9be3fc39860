// Package dnspush applies a change set for a DNS zone to every configured
// provider at once, so that records stay the same across providers.
package dnspush

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Change is one record update.
type Change struct {
	Action string // "UPSERT" or "DELETE"
	Name   string
	Type   string
	TTL    int
	Value  string
}

// Provider is a DNS hosting provider's API.
type Provider interface {
	Name() string
	Apply(ctx context.Context, zone string, changes []Change) error
}

// ErrInvalidChange is returned for change sets that fail validation.
var ErrInvalidChange = errors.New("dnspush: invalid change")

// Option configures a Pusher.
type Option func(*Pusher)

// WithTimeout bounds a whole push.
func WithTimeout(d time.Duration) Option { return func(p *Pusher) { p.timeout = d } }

// Pusher pushes change sets to several providers.
type Pusher struct {
	providers []Provider
	timeout   time.Duration

	mu      sync.Mutex
	applied map[string]int // provider name -> change sets applied
}

// New makes a pusher for providers.
func New(providers []Provider, opts ...Option) *Pusher {
	p := &Pusher{providers: providers, timeout: 2 * time.Minute, applied: make(map[string]int)}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Push applies changes to zone at every provider. It fails as soon as one
// provider fails; the other pushes are cancelled.
func (p *Pusher) Push(ctx context.Context, zone string, changes []Change) error {
	if err := validate(zone, changes); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	g := newGroup(ctx)
	for _, prov := range p.providers {
		prov := prov
		g.Go(func(ctx context.Context) error {
			if err := prov.Apply(ctx, zone, changes); err != nil {
				return fmt.Errorf("dnspush: %s: %w", prov.Name(), err)
			}
			p.mu.Lock()
			p.applied[prov.Name()]++
			p.mu.Unlock()
			return nil
		})
	}
	return g.Wait()
}

// Applied reports how many change sets provider name has accepted.
func (p *Pusher) Applied(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.applied[name]
}

func validate(zone string, changes []Change) error {
	if !strings.HasSuffix(zone, ".") {
		return fmt.Errorf("%w: zone %q is not fully qualified", ErrInvalidChange, zone)
	}
	for _, c := range changes {
		switch {
		case c.Action != "UPSERT" && c.Action != "DELETE":
			return fmt.Errorf("%w: action %q", ErrInvalidChange, c.Action)
		case !strings.HasSuffix(c.Name, "."+zone) && c.Name != zone:
			return fmt.Errorf("%w: %s is outside %s", ErrInvalidChange, c.Name, zone)
		case c.Action == "UPSERT" && c.TTL <= 0:
			return fmt.Errorf("%w: %s has no TTL", ErrInvalidChange, c.Name)
		}
	}
	return nil
}
