package fixedsignalserves

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

type Daemon struct{ addr string }

func New(addr string) *Daemon { return &Daemon{addr: addr} }

func (d *Daemon) serve(ctx context.Context, errc chan<- error) {
	if d.addr == "" {
		errc <- errors.New("no address")
		return
	}
	<-ctx.Done()
}

func watchSignals(ctx context.Context, errc chan<- error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	select {
	case s := <-sigs:
		errc <- fmt.Errorf("signal %v", s)
	case <-ctx.Done():
	}
}

// Run serves until the server fails or the process is told to stop: the wait on
// `errc` is the daemon's, ended by a signal when the server has nothing to say.
func (d *Daemon) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 2)
	go d.serve(ctx, errc)
	go watchSignals(ctx, errc)
	return <-errc
}
