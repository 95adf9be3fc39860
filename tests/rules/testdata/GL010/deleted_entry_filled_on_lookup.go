package uploads

import (
	"errors"
	"sync"
)

// run: p := NewPool(); p.Submit("acme", "a.txt"); p.Forget("acme"); p.Close()

var errClosed = errors.New("uploads: pool closed")

// uploader sends one tenant's files, in order, until its queue is closed.
type uploader struct {
	tenant string
	queue  chan string
	done   chan struct{}
	sent   int
}

func newUploader(tenant string) *uploader {
	return &uploader{tenant: tenant, queue: make(chan string, 8), done: make(chan struct{})}
}

func (u *uploader) run() {
	defer close(u.done)
	for name := range u.queue {
		if name != "" {
			u.sent++
		}
	}
}

// stop lets the uploader finish its queue and waits for it.
func (u *uploader) stop() {
	close(u.queue)
	<-u.done
}

// Pool runs one uploader per tenant.
type Pool struct {
	mu        sync.Mutex
	closed    bool
	uploaders map[string]*uploader
}

func NewPool() *Pool { return &Pool{uploaders: make(map[string]*uploader)} }

func (p *Pool) Submit(tenant, name string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errClosed
	}
	u, ok := p.uploaders[tenant]
	if !ok {
		u = newUploader(tenant)
		p.uploaders[tenant] = u
		go u.run()
	}
	u.queue <- name
	return nil
}

// Forget drops a tenant whose account was closed.
func (p *Pool) Forget(tenant string) {
	p.mu.Lock()
	delete(p.uploaders, tenant) // want "the entry this delete drops keeps its goroutine `run` running forever: `Forget` takes it out of `p.uploaders` without calling `stop`"
	p.mu.Unlock()
}

// Close finishes every tenant's queue.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	uploaders := p.uploaders
	p.uploaders = nil
	p.mu.Unlock()
	for _, u := range uploaders {
		u.stop()
	}
}
