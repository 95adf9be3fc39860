package servedwithoutsignals

import (
	"context"
	"errors"
)

type Daemon struct{ addr string }

func New(addr string) *Daemon { return &Daemon{addr: addr} }

func (d *Daemon) serve(ctx context.Context, errc chan<- error) {
	if d.addr == "" {
		errc <- errors.New("no address")
		return
	}
}

// Run waits for an error that a server with an address never sends, and nothing else
// ever sends on `errc`.
func (d *Daemon) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go d.serve(ctx, errc)
	return <-errc // want "`Run` blocks forever receiving from `errc`: the goroutine started at line 23 does not send on `errc` on every path"
}
