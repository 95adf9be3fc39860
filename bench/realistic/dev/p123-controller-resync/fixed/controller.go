// Package controller runs a Kubernetes-style reconcile loop: an informer feeds changed
// keys into a work queue, and workers reconcile each key against the cached state.
package controller

import (
	"context"
	"fmt"
	"time"
)

// ReconcileFunc makes the world match obj (deleted if !exists); an error requeues key.
type ReconcileFunc func(ctx context.Context, key string, obj Object, exists bool) error

// Option configures a Controller.
type Option func(*Controller)

// WithResync sets how often every cached object is reconciled again.
func WithResync(d time.Duration) Option { return func(c *Controller) { c.resync = d } }

// Controller reconciles the objects of one Source.
type Controller struct {
	reconcile  ReconcileFunc
	resync     time.Duration
	retryDelay time.Duration
	queue      *workQueue
	informer   *informer
}

// New returns a controller that calls reconcile for each changed object of src.
func New(src Source, reconcile ReconcileFunc, opts ...Option) *Controller {
	c := &Controller{
		reconcile:  reconcile,
		resync:     10 * time.Minute,
		retryDelay: time.Second,
		queue:      newWorkQueue(),
	}
	for _, o := range opts {
		o(c)
	}
	c.informer = &informer{src: src, resync: c.resync, onKey: c.queue.add, objects: make(map[string]Object)}
	return c
}

// Run starts the informer and workers and blocks until ctx is done or the
// informer fails. Workers finish their current key after Run returns.
func (c *Controller) Run(ctx context.Context, workers int) error {
	defer c.queue.shutDown()
	informerErr := make(chan error, 1)
	go func() { informerErr <- c.informer.run(ctx) }()
	for i := 0; i < workers; i++ {
		go c.runWorker(ctx)
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-informerErr:
		return fmt.Errorf("controller: informer stopped: %w", err)
	}
}

func (c *Controller) runWorker(ctx context.Context) {
	for c.processNextItem(ctx) {
	}
}

func (c *Controller) processNextItem(ctx context.Context) bool {
	key, shutdown := c.queue.get()
	if shutdown {
		return false
	}
	defer c.queue.done(key)
	obj, exists := c.informer.get(key)
	if err := c.reconcile(ctx, key, obj, exists); err != nil {
		time.AfterFunc(c.retryDelay, func() { c.queue.add(key) })
	}
	return true
}
