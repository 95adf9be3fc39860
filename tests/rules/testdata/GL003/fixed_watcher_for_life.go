package fixedwatcherforlife

import (
	"context"
	"net"
)

// Listener accepts connections until its context ends.
type Listener struct {
	ln net.Listener
}

// NewListener closes the listener when ctx ends: the watcher lives as long as it.
func NewListener(ctx context.Context, ln net.Listener) *Listener {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	return &Listener{ln: ln}
}

// Drain waits for the context and reports why it ended: the watcher ends with it.
func Drain(ctx context.Context, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	<-ctx.Done()
	return ctx.Err()
}

// Relay copies until the context ends; a derived context is cancelled on return.
func Relay(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	_, err := ln.Accept()
	return err
}

// Proxy copies between two listeners until the caller's context ends: it returns at
// once, leaving its copy loop running, which the watcher stops with the context.
func Proxy(ctx context.Context, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go func() {
		for {
			if _, err := ln.Accept(); err != nil {
				return
			}
		}
	}()
	return nil
}

// RunContext renews until the context ends; named as a lifecycle, it is left alone.
func RunContext(ctx context.Context, ln net.Listener) {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
}
