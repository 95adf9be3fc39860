// Two servers started the usual way: Serve in a goroutine that reports its error,
// and a select between that error and the stop. Stopping the server makes Serve
// return without an error the goroutine would send: gRPC's Serve returns nil after
// GracefulStop, and net/http's returns ErrServerClosed after Shutdown, which the send
// excludes (SERVE_ENDS_CLEAN).
package servers

import (
	"context"
	"errors"
	"net"
	"net/http"

	"google.golang.org/grpc"
)

type API struct {
	grpcServer *grpc.Server
	http       *http.Server
}

func New() *API {
	return &API{grpcServer: grpc.NewServer(), http: &http.Server{}}
}

func (a *API) StartGRPC(lis net.Listener, stop <-chan struct{}) error {
	errc := make(chan error)
	go func() {
		defer close(errc)
		if err := a.grpcServer.Serve(lis); err != nil {
			errc <- err
		}
	}()
	select {
	case <-stop:
		a.grpcServer.GracefulStop()
		return nil
	case err := <-errc:
		return err
	}
}

func (a *API) StartHTTP(lis net.Listener, stop <-chan struct{}) error {
	errc := make(chan error)
	go func() {
		if err := a.http.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	select {
	case <-stop:
		return a.http.Shutdown(context.Background())
	case err := <-errc:
		return err
	}
}
