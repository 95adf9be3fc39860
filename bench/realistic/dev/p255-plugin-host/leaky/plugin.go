package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Request is a single call sent to a plugin.
type Request struct {
	ID      uint64
	Method  string
	Payload []byte
}

// Response answers the Request with the same ID. A non-empty Error means the
// plugin rejected the call.
type Response struct {
	ID      uint64
	Payload []byte
	Error   string
}

// Plugin is a running plugin process as seen by the host.
type Plugin interface {
	// Serve reads requests from in and writes exactly one response per
	// request to out, until ctx is cancelled or the plugin fails. A
	// non-nil error other than ctx.Err() means the plugin crashed.
	Serve(ctx context.Context, in <-chan Request, out chan<- Response) error
}

// Launcher starts plugin processes by name.
type Launcher interface {
	Launch(ctx context.Context, name string) (Plugin, error)
}

// CallError is returned when a plugin answered a call with an error.
type CallError struct {
	Plugin string
	Method string
	Msg    string
}

func (e *CallError) Error() string {
	return fmt.Sprintf("plugin %s: %s: %s", e.Plugin, e.Method, e.Msg)
}

// ErrPluginExited is returned for calls that were in flight, or could not be
// delivered, because the plugin instance exited.
var ErrPluginExited = errors.New("pluginhost: plugin exited")

// instance is one incarnation of a plugin: the goroutine running Serve, the
// request and response channels and the calls waiting for an answer.
type instance struct {
	name   string
	gen    int
	reqs   chan Request
	resps  chan Response
	cancel context.CancelFunc
	ctx    context.Context

	exited  chan struct{} // closed once Serve has returned
	exitErr error         // valid after exited is closed

	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan Response

	stopOnce sync.Once
}

func newInstance(name string, gen, queue int) *instance {
	ctx, cancel := context.WithCancel(context.Background())
	return &instance{
		name:    name,
		gen:     gen,
		reqs:    make(chan Request, queue),
		resps:   make(chan Response, queue),
		ctx:     ctx,
		cancel:  cancel,
		exited:  make(chan struct{}),
		pending: make(map[uint64]chan Response),
	}
}

// dispatch routes responses to the calls waiting for them.
func (i *instance) dispatch() {
	for resp := range i.resps { // leak: nothing closes resps when the supervisor replaces a crashed instance
		i.mu.Lock()
		ch, ok := i.pending[resp.ID]
		delete(i.pending, resp.ID)
		i.mu.Unlock()
		if ok {
			ch <- resp // buffered, never blocks
		}
	}
}

// markExited records why Serve returned and releases every waiting call.
func (i *instance) markExited(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		err = ErrPluginExited
	} else {
		err = fmt.Errorf("%w: %v", ErrPluginExited, err)
	}
	i.exitErr = err
	close(i.exited)
}

// shutdown stops the instance, waits for Serve to return and then closes the
// response channel so that dispatch returns. It is safe to call more than once.
func (i *instance) shutdown() {
	i.stopOnce.Do(func() {
		i.cancel()
		<-i.exited
		close(i.resps)
	})
}

func (i *instance) call(ctx context.Context, method string, payload []byte) ([]byte, error) {
	ch := make(chan Response, 1)
	i.mu.Lock()
	i.nextID++
	id := i.nextID
	i.pending[id] = ch
	i.mu.Unlock()
	defer func() {
		i.mu.Lock()
		delete(i.pending, id)
		i.mu.Unlock()
	}()

	select {
	case i.reqs <- Request{ID: id, Method: method, Payload: payload}:
	case <-i.exited:
		return nil, i.exitErr
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	select {
	case resp := <-ch:
		if resp.Error != "" {
			return nil, &CallError{Plugin: i.name, Method: method, Msg: resp.Error}
		}
		return resp.Payload, nil
	case <-i.exited:
		return nil, i.exitErr
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
