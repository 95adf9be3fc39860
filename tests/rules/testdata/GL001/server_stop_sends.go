// net/http's Serve returns ErrServerClosed after Shutdown, and this goroutine sends
// every error: once the stop has won, nobody receives it. The gRPC server below is
// stopped by closing its listener, which makes Serve fail: that error is sent too.
package servers

import (
	"context"
	"net"
	"net/http"

	"google.golang.org/grpc"
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

func StartGRPC(lis net.Listener, stop <-chan struct{}) error {
	srv := grpc.NewServer()
	errc := make(chan error)
	go func() {
		if err := srv.Serve(lis); err != nil {
			errc <- err // want "blocks forever sending on `errc` when `<-stop` wins the select"
		}
	}()
	select {
	case <-stop:
		return lis.Close()
	case err := <-errc:
		return err
	}
}
