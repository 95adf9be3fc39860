// Package kiosk implements the sync agent running on in-store kiosks. It
// keeps the local catalog and prices in sync with headquarters and queues
// sales made while the store's uplink is down, uploading them once it is back.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Product is a catalog entry with its current shelf price.
type Product struct {
	SKU        string
	Name       string
	PriceCents int64
}

// CatalogDelta is the set of catalog changes since a version.
type CatalogDelta struct {
	Version int64
	Upserts []Product
	Removed []string
}

// HQ is the headquarters API.
type HQ interface {
	FetchCatalog(ctx context.Context, storeID string, since int64) (CatalogDelta, error)
	UploadSales(ctx context.Context, storeID string, sales []Sale) error
}

// LinkState describes the kiosk's uplink.
type LinkState struct {
	Online    bool
	Interface string // e.g. "eth0", "wlan0", "wwan0"
}

// LinkWatcher reports uplink changes: going offline, coming online, and
// failing over from one interface to another.
type LinkWatcher interface {
	Changes() <-chan LinkState
}

// Ticker is the subset of time.Ticker the agent uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time so that tests control scheduling.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Config configures an Agent.
type Config struct {
	StoreID string
	HQ      HQ
	Link    LinkWatcher
	Clock   Clock
	// CatalogInterval is how often the catalog is refreshed while online.
	CatalogInterval time.Duration
	// UploadInterval is how often queued sales are retried while online.
	UploadInterval time.Duration
	// UploadTimeout bounds a single upload request.
	UploadTimeout time.Duration
	// BatchSize is the maximum number of sales per upload.
	BatchSize int
	// QueueLimit caps the offline queue; zero means unbounded.
	QueueLimit int
	Logf       func(format string, args ...interface{})
}

var (
	// ErrUnknownSKU is returned when a sale refers to a product not in the
	// local catalog.
	ErrUnknownSKU = errors.New("kiosk: unknown sku")
	// ErrQueueFull is returned when the offline queue is at its limit.
	ErrQueueFull = errors.New("kiosk: offline sales queue full")
)

// Agent syncs one kiosk with HQ.
type Agent struct {
	cfg   Config
	queue *saleQueue
	kick  chan struct{}

	mu       sync.Mutex
	online   bool
	version  int64
	catalog  map[string]Product
	seq      int
	uploadMu sync.Mutex

	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// New returns an Agent; call Start to begin syncing.
func New(cfg Config) (*Agent, error) {
	if cfg.StoreID == "" || cfg.HQ == nil || cfg.Link == nil || cfg.Clock == nil {
		return nil, fmt.Errorf("kiosk: config: store id, HQ, link watcher and clock are required")
	}
	if cfg.CatalogInterval <= 0 {
		cfg.CatalogInterval = 15 * time.Minute
	}
	if cfg.UploadInterval <= 0 {
		cfg.UploadInterval = 30 * time.Second
	}
	if cfg.UploadTimeout <= 0 {
		cfg.UploadTimeout = 10 * time.Second
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 50
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	return &Agent{
		cfg:     cfg,
		queue:   newSaleQueue(cfg.QueueLimit),
		kick:    make(chan struct{}, 1),
		catalog: make(map[string]Product),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}, nil
}

// Start runs the agent in the background until Stop.
func (a *Agent) Start() { go a.run() }

// Stop shuts the agent down and waits for its main loop to exit. Sales still
// queued are kept for the next start.
func (a *Agent) Stop() {
	a.stopOnce.Do(func() { close(a.quit) })
	<-a.done
}

func (a *Agent) run() {
	defer close(a.done)
	refresh := a.cfg.Clock.NewTicker(a.cfg.CatalogInterval)
	defer refresh.Stop()

	var stopUpload chan struct{}
	defer func() {
		if stopUpload != nil {
			close(stopUpload)
		}
	}()
	for {
		select {
		case <-a.quit:
			return
		case st := <-a.cfg.Link.Changes():
			a.mu.Lock()
			a.online = st.Online
			a.mu.Unlock()
			if st.Online {
				stopUpload = make(chan struct{})
				go a.uploadLoop(stopUpload)
				a.syncCatalog()
			} else if stopUpload != nil {
				close(stopUpload)
				stopUpload = nil
			}
		case <-refresh.C():
			if a.Online() {
				a.syncCatalog()
			}
		}
	}
}

// Online reports whether the uplink is currently up.
func (a *Agent) Online() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.online
}

// syncCatalog applies the catalog changes since the local version.
func (a *Agent) syncCatalog() {
	a.mu.Lock()
	since := a.version
	a.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.UploadTimeout)
	defer cancel()
	delta, err := a.cfg.HQ.FetchCatalog(ctx, a.cfg.StoreID, since)
	if err != nil {
		a.cfg.Logf("kiosk: catalog sync from version %d: %v", since, err)
		return
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if delta.Version <= a.version {
		return
	}
	for _, p := range delta.Upserts {
		a.catalog[p.SKU] = p
	}
	for _, sku := range delta.Removed {
		delete(a.catalog, sku)
	}
	a.version = delta.Version
}

// RecordSale prices items from the local catalog, queues the sale for upload
// and returns it.
func (a *Agent) RecordSale(items map[string]int) (Sale, error) {
	a.mu.Lock()
	s := Sale{At: a.cfg.Clock.Now()}
	for sku, qty := range items {
		p, ok := a.catalog[sku]
		if !ok {
			a.mu.Unlock()
			return Sale{}, fmt.Errorf("record sale: %q: %w", sku, ErrUnknownSKU)
		}
		s.Items = append(s.Items, LineItem{SKU: sku, Qty: qty, PriceCents: p.PriceCents})
		s.TotalCents += int64(qty) * p.PriceCents
	}
	a.seq++
	s.ID = fmt.Sprintf("%s-%d-%06d", a.cfg.StoreID, s.At.Unix(), a.seq)
	a.mu.Unlock()

	if !a.queue.push(s) {
		return Sale{}, fmt.Errorf("record sale %s: %w", s.ID, ErrQueueFull)
	}
	select {
	case a.kick <- struct{}{}:
	default:
	}
	return s, nil
}

// Pending returns the number of sales waiting to be uploaded.
func (a *Agent) Pending() int { return a.queue.len() }
