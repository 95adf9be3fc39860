// Run serves plain HTTP or TLS, each in a goroutine of its own arm, and returns when
// the server fails or ctx ends. On ctx's end nobody receives from done any more, and
// whichever goroutine was started blocks on its send when Shutdown makes its server
// return: both arms leak (OTHER_ARM_SENDERS).
package twoarmservers

import (
	"context"
	"crypto/tls"
	"net/http"
)

func Run(ctx context.Context, s *http.Server, certs []tls.Certificate) error {
	done := make(chan error)
	if len(certs) == 0 {
		go func() {
			done <- s.ListenAndServe() // want "blocks forever sending on `done` when `<-ctx.Done\\(\\)` wins the select"
		}()
	} else {
		s.TLSConfig = &tls.Config{Certificates: certs}
		go func() {
			done <- s.ListenAndServeTLS("", "") // want "blocks forever sending on `done` when `<-ctx.Done\\(\\)` wins the select"
		}()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return s.Shutdown(context.Background())
	}
}
