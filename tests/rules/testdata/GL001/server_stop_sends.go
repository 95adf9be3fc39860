// net/http's Serve returns ErrServerClosed after Shutdown, and this goroutine sends
// every error: once the stop has won, nobody receives it.
package servers

import (
	"context"
	"net"
	"net/http"
)

func StartHTTP(srv *http.Server, lis net.Listener, stop <-chan struct{}) error {
	errc := make(chan error)
	go func() {
		if err := srv.Serve(lis); err != nil {
			errc <- err // want "blocks forever sending on `errc` when `<-stop` wins the select"
		}
	}()
	select {
	case <-stop:
		return srv.Shutdown(context.Background())
	case err := <-errc:
		return err
	}
}
