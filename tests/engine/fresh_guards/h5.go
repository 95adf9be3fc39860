package fp5

import (
	"context"
	"sync/atomic"
)

type Ping struct{ TS int64 }

type Sub interface{ Channel() <-chan *Ping }

type PubSub interface {
	SubscribePing(ctx context.Context) (Sub, error)
}

type Router struct {
	ctx       context.Context
	kps       PubSub
	isStarted atomic.Bool
}

// Start waits until the worker reports: an error value on failure, a close on success.
func (r *Router) Start() error {
	if r.isStarted.Swap(true) {
		return nil
	}
	workerStarted := make(chan error)
	go r.keepaliveWorker(workerStarted)
	return <-workerStarted
}

func (r *Router) keepaliveWorker(startedChan chan error) {
	pings, err := r.kps.SubscribePing(r.ctx)
	if err != nil {
		startedChan <- err
		return
	}
	close(startedChan)
	for p := range pings.Channel() {
		_ = p
	}
}
