package certrotate

import (
	"crypto/tls"
	"errors"
	"sync"
	"time"
)

// Loader reads the current key pair, e.g. from files renewed by an ACME client.
type Loader func() (*tls.Certificate, error)

// Rotator serves the most recently loaded certificate and reloads it when
// the files change.
type Rotator struct {
	load Loader
	now  func() time.Time

	mu       sync.RWMutex
	cert     *tls.Certificate
	loadedAt time.Time
	failures int
	lastErr  error

	quit     chan struct{}
	stopOnce sync.Once
}

// ErrNoCertificate is returned before the first successful load.
var ErrNoCertificate = errors.New("certrotate: no certificate loaded")

// New loads the initial certificate.
func New(load Loader) (*Rotator, error) {
	r := &Rotator{load: load, now: time.Now, quit: make(chan struct{})}
	cert, err := load()
	if err != nil {
		return nil, err
	}
	r.cert, r.loadedAt = cert, r.now()
	return r, nil
}

// GetCertificate can be used as tls.Config.GetCertificate.
func (r *Rotator) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.cert == nil {
		return nil, ErrNoCertificate
	}
	return r.cert, nil
}

// Health reports the number of consecutive failed reloads and the last error.
func (r *Rotator) Health() (failures int, lastErr error, loadedAt time.Time) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.failures, r.lastErr, r.loadedAt
}

// Watch reloads the certificate whenever changed fires, until Stop.
func (r *Rotator) Watch(changed <-chan struct{}) {
	go func() {
		for {
			select {
			case <-r.quit:
				return
			case _, ok := <-changed:
				if !ok {
					return
				}
				r.reload()
			}
		}
	}()
}

// Stop ends Watch.
func (r *Rotator) Stop() {
	r.stopOnce.Do(func() { close(r.quit) })
}
