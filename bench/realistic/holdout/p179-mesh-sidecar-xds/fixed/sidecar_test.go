package sidecar

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeStream struct {
	ctx    context.Context
	frames []string

	mu   sync.Mutex
	sent []DiscoveryRequest
}

func (f *fakeStream) Recv() ([]byte, error) {
	f.mu.Lock()
	if len(f.frames) > 0 {
		fr := f.frames[0]
		f.frames = f.frames[1:]
		f.mu.Unlock()
		return []byte(fr), nil
	}
	f.mu.Unlock()
	<-f.ctx.Done()
	return nil, f.ctx.Err()
}

func (f *fakeStream) Send(req DiscoveryRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, req)
	return nil
}

func (f *fakeStream) requests() []DiscoveryRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]DiscoveryRequest(nil), f.sent...)
}

// fakeClient hands out one scripted stream per Open call and reports each
// Open on opened.
type fakeClient struct {
	mu      sync.Mutex
	scripts [][]string
	streams []*fakeStream
	opened  chan int
}

func (c *fakeClient) Open(ctx context.Context, _ Node) (Stream, error) {
	c.mu.Lock()
	st := &fakeStream{ctx: ctx}
	if len(c.scripts) > 0 {
		st.frames = c.scripts[0]
		c.scripts = c.scripts[1:]
	}
	c.streams = append(c.streams, st)
	n := len(c.streams)
	c.mu.Unlock()
	c.opened <- n
	return st, nil
}

type fakeListener struct {
	mu     sync.Mutex
	routes *RouteTable
	closed bool
}

func (l *fakeListener) UpdateRoutes(t *RouteTable) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.routes = t
}

func (l *fakeListener) Drain(context.Context) error { return nil }

func (l *fakeListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	return nil
}

type fakeBinder struct {
	mu    sync.Mutex
	bound map[string]*fakeListener
}

func (b *fakeBinder) Bind(cfg ListenerConfig, rt *RouteTable) (Listener, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	l := &fakeListener{routes: rt}
	b.bound[cfg.Name+"@"+cfg.Address] = l
	return l, nil
}

type instantClock struct{}

func (instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

const v1 = `{"version_info":"1","nonce":"a1","listeners":[{"name":"inbound","address":"0.0.0.0:15006","route_config":"local"}],` +
	`"routes":[{"name":"local","virtual_hosts":[{"name":"app","domains":["*"],"routes":[{"prefix":"/","cluster":"app-v1"}]}]}]}`

const v3 = `{"version_info":"3","nonce":"a3","listeners":[{"name":"inbound","address":"0.0.0.0:15006","route_config":"local"}],` +
	`"routes":[{"name":"local","virtual_hosts":[{"name":"app","domains":["*"],"routes":[{"prefix":"/","cluster":"app-v2"}]}]}]}`

func TestRunReconnectsAfterCorruptFrame(t *testing.T) {
	defer goleak.VerifyNone(t)

	client := &fakeClient{
		scripts: [][]string{{
			v1[:70], v1[70:] + "\n",
			`{"version_info":"2","nonce":"a2","listeners":[{"name":"inbound",}]}` + "\n",
			v3 + "\n",
		}},
		opened: make(chan int, 4),
	}
	binder := &fakeBinder{bound: make(map[string]*fakeListener)}
	s, err := New(Config{Node: Node{ID: "web-7f9c", Cluster: "web"}}, client, binder,
		WithClock(instantClock{}), WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx) }()

	if n := <-client.opened; n != 1 {
		t.Fatalf("first Open reported %d", n)
	}
	// The corrupt frame ends the first stream; wait for the reconnect.
	if n := <-client.opened; n != 2 {
		t.Fatalf("second Open reported %d", n)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: got %v, want context.Canceled", err)
	}

	if got := s.Version(); got != "1" {
		t.Fatalf("Version = %q, want 1", got)
	}
	reqs := client.streams[0].requests()
	if len(reqs) != 2 || reqs[1].VersionInfo != "1" || reqs[1].ResponseNonce != "a1" || reqs[1].ErrorDetail != "" {
		t.Fatalf("first stream requests = %+v, want subscribe then ACK of version 1", reqs)
	}
	if got := client.streams[1].requests(); len(got) != 1 || got[0].VersionInfo != "1" {
		t.Fatalf("second stream should resume from version 1, got %+v", got)
	}

	l := binder.bound["inbound@0.0.0.0:15006"]
	if l == nil {
		t.Fatalf("inbound listener was not bound: %v", binder.bound)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		t.Fatal("inbound listener was not closed on Close")
	}
}
