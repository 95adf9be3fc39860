package zonexfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ZoneStore is the primary's source of truth for zone contents.
type ZoneStore interface {
	// LoadZone returns the current contents of the zone rooted at origin.
	LoadZone(ctx context.Context, origin string) (*Zone, error)
}

// Notifier receives NOTIFY messages for a zone.
type Notifier interface {
	Notify(ctx context.Context, origin string, serial uint32) error
}

// ErrUnknownZone is returned for zones the store does not serve.
var ErrUnknownZone = errors.New("zonexfer: unknown zone")

// Primary serves zone transfers and notifies secondaries of changes.
type Primary struct {
	store ZoneStore
	logf  func(format string, args ...interface{})

	mu          sync.Mutex
	secondaries map[string][]Notifier
}

// PrimaryOption configures a Primary.
type PrimaryOption func(*Primary)

// WithPrimaryLogger sets the function used for diagnostic logging.
func WithPrimaryLogger(logf func(format string, args ...interface{})) PrimaryOption {
	return func(p *Primary) { p.logf = logf }
}

// NewPrimary returns a Primary serving zones from store.
func NewPrimary(store ZoneStore, opts ...PrimaryOption) *Primary {
	p := &Primary{store: store, logf: func(string, ...interface{}) {}, secondaries: make(map[string][]Notifier)}
	for _, o := range opts {
		o(p)
	}
	return p
}

// AddSecondary registers n to be notified when origin changes.
func (p *Primary) AddSecondary(origin string, n Notifier) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.secondaries[origin] = append(p.secondaries[origin], n)
}

// OpenTransfer starts a full transfer of origin. The returned stream yields
// the zone one record per line, opening and closing with the SOA record.
// Callers must close the stream, even if they stop reading early.
func (p *Primary) OpenTransfer(ctx context.Context, origin string) (io.ReadCloser, error) {
	z, err := p.store.LoadZone(ctx, origin)
	if err != nil {
		return nil, fmt.Errorf("zonexfer: load %s: %w", origin, err)
	}
	if _, err := z.Serial(); err != nil {
		return nil, fmt.Errorf("zonexfer: serve %s: %w", origin, err)
	}
	pr, pw := io.Pipe()
	go p.stream(pw, z)
	return pr, nil
}

// stream writes z to w in transfer order and closes w with the outcome.
func (p *Primary) stream(w *io.PipeWriter, z *Zone) {
	err := writeZone(w, z)
	if err != nil && !errors.Is(err, io.ErrClosedPipe) {
		p.logf("zonexfer: transfer of %s aborted: %v", z.Origin, err)
	}
	w.CloseWithError(err)
}

// writeZone writes the records of z followed by the closing SOA.
func writeZone(w io.Writer, z *Zone) error {
	for _, rr := range z.Records {
		if err := writeRecord(w, rr); err != nil {
			return err
		}
	}
	return writeRecord(w, z.Records[0])
}

func writeRecord(w io.Writer, rr Record) error {
	if _, err := io.WriteString(w, rr.String()+"\n"); err != nil { // leak: reader abandoned, pipe write never consumed
		return fmt.Errorf("zonexfer: write %s %s: %w", rr.Name, rr.Type, err)
	}
	return nil
}

// NotifyAll sends a NOTIFY for the current serial of origin to every
// registered secondary and returns the first error encountered, if any.
func (p *Primary) NotifyAll(ctx context.Context, origin string) error {
	z, err := p.store.LoadZone(ctx, origin)
	if err != nil {
		return fmt.Errorf("zonexfer: load %s: %w", origin, err)
	}
	serial, err := z.Serial()
	if err != nil {
		return fmt.Errorf("zonexfer: notify %s: %w", origin, err)
	}

	p.mu.Lock()
	targets := append([]Notifier(nil), p.secondaries[origin]...)
	p.mu.Unlock()

	errs := make([]error, len(targets))
	var wg sync.WaitGroup
	for i, n := range targets {
		wg.Add(1)
		go func(i int, n Notifier) {
			defer wg.Done()
			errs[i] = n.Notify(ctx, origin, serial)
		}(i, n)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("zonexfer: notify %s serial %d: %w", origin, serial, err)
		}
	}
	return nil
}
