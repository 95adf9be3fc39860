// Package renewd keeps TLS certificates for many domains renewed ahead of
// their expiry.
package renewd

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Certificate is an issued certificate as the daemon sees it.
type Certificate struct {
	Domain   string
	NotAfter time.Time
	PEM      []byte
}

// Issuer obtains a fresh certificate, e.g. from an ACME CA.
type Issuer interface {
	Issue(ctx context.Context, domain string) (Certificate, error)
}

// Store keeps the current certificate of each domain.
type Store interface {
	Load(domain string) (Certificate, error)
	Save(c Certificate) error
}

// ErrNotFound is what a Store returns for a domain it has no certificate for.
var ErrNotFound = errors.New("renewd: no certificate")

// Option configures a Daemon.
type Option func(*Daemon)

// WithWorkers sets how many renewals may run at once.
func WithWorkers(n int) Option { return func(d *Daemon) { d.workers = n } }

// WithRenewBefore sets how long before expiry a certificate is renewed.
func WithRenewBefore(w time.Duration) Option { return func(d *Daemon) { d.renewBefore = w } }

// WithCheckInterval sets how often expiry dates are checked.
func WithCheckInterval(i time.Duration) Option { return func(d *Daemon) { d.checkEvery = i } }

// Daemon checks certificates periodically and renews those close to expiry.
type Daemon struct {
	issuer      Issuer
	store       Store
	domains     []string
	workers     int
	renewBefore time.Duration
	checkEvery  time.Duration
	now         func() time.Time

	queue  *workQueue
	cancel context.CancelFunc
	once   sync.Once
}

// New returns a daemon for domains; call Start to begin renewing.
func New(issuer Issuer, store Store, domains []string, opts ...Option) *Daemon {
	d := &Daemon{
		issuer:      issuer,
		store:       store,
		domains:     append([]string(nil), domains...),
		workers:     4,
		renewBefore: 30 * 24 * time.Hour,
		checkEvery:  time.Hour,
		now:         time.Now,
		queue:       newWorkQueue(),
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

// Start launches the expiry checker and the renewal workers.
func (d *Daemon) Start(ctx context.Context) {
	ctx, d.cancel = context.WithCancel(ctx)
	for i := 0; i < d.workers; i++ {
		go d.work(ctx)
	}
	go d.check(ctx)
}

// Stop abandons queued renewals and tells the workers to exit. Renewals in
// flight are cancelled.
func (d *Daemon) Stop() {
	d.once.Do(func() {
		d.cancel()
		d.queue.shutdown()
	})
}

func (d *Daemon) check(ctx context.Context) {
	t := time.NewTicker(d.checkEvery)
	defer t.Stop()
	for {
		for _, domain := range d.domains {
			if d.due(domain) {
				d.queue.add(domain)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Daemon) due(domain string) bool {
	c, err := d.store.Load(domain)
	if errors.Is(err, ErrNotFound) {
		return true
	}
	if err != nil {
		log.Printf("renewd: load %s: %v", domain, err)
		return false
	}
	return d.now().Add(d.renewBefore).After(c.NotAfter)
}

func (d *Daemon) work(ctx context.Context) {
	for {
		domain, ok := d.queue.next()
		if !ok {
			return
		}
		if err := d.renew(ctx, domain); err != nil {
			log.Printf("renewd: %v", err)
		}
	}
}

func (d *Daemon) renew(ctx context.Context, domain string) error {
	c, err := d.issuer.Issue(ctx, domain)
	if err != nil {
		return fmt.Errorf("issue %s: %w", domain, err)
	}
	if err := d.store.Save(c); err != nil {
		return fmt.Errorf("save %s: %w", domain, err)
	}
	return nil
}
