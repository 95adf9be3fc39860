// Run serves plain HTTP or TLS, each in a goroutine of its own arm, and returns when
// the server fails or ctx ends. done has room for the one value either goroutine
// sends, so the one started finishes even when nobody receives any more.
package fixedtwoarmservers

import (
	"context"
	"crypto/tls"
	"net/http"
)

func Run(ctx context.Context, s *http.Server, certs []tls.Certificate) error {
	done := make(chan error, 1)
	if len(certs) == 0 {
		go func() {
			done <- s.ListenAndServe()
		}()
	} else {
		s.TLSConfig = &tls.Config{Certificates: certs}
		go func() {
			done <- s.ListenAndServeTLS("", "")
		}()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return s.Shutdown(context.Background())
	}
}
