package fixedparentctx

import "context"

// run: s, _ := Open(context.Background()); s.Record(1); s.Close()

// Stream's pump waits on the context its Close cancels.
type Stream struct {
	in     chan float64
	cancel context.CancelFunc
	sum    float64
}

func connect(ctx context.Context) error { return ctx.Err() }

func Open(ctx context.Context) (*Stream, error) {
	sctx, cancel := context.WithCancel(ctx)
	if err := connect(sctx); err != nil {
		cancel()
		return nil, err
	}
	s := &Stream{in: make(chan float64, 8), cancel: cancel}
	go s.pump(sctx)
	return s, nil
}

func (s *Stream) Record(v float64) { s.in <- v }

func (s *Stream) pump(ctx context.Context) {
	for {
		select {
		case v := <-s.in:
			s.sum += v
		case <-ctx.Done():
			return
		}
	}
}

func (s *Stream) Close() { s.cancel() }

// Dial's cancel only bounds the handshake, deferred on the way out: the reader is
// meant to live as long as the caller's context.
func Dial(ctx context.Context, in <-chan int) {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_ = connect(hctx)
	go func() {
		for {
			select {
			case <-in:
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Tail's goroutine also stops on its own quit channel, which Close closes.
type Tail struct {
	cancel context.CancelFunc
	quit   chan struct{}
}

func NewTail(ctx context.Context, in <-chan int) *Tail {
	tctx, cancel := context.WithCancel(ctx)
	t := &Tail{cancel: cancel, quit: make(chan struct{})}
	_ = connect(tctx)
	go t.loop(ctx, in)
	return t
}

func (t *Tail) loop(ctx context.Context, in <-chan int) {
	for {
		select {
		case <-in:
		case <-t.quit:
			return
		case <-ctx.Done():
			return
		}
	}
}

func (t *Tail) Close() {
	t.cancel()
	close(t.quit)
}

// Relay hands the goroutine the derived context under its parent's name.
type Relay struct{ cancel context.CancelFunc }

func NewRelay(ctx context.Context, in <-chan int) *Relay {
	rctx, cancel := context.WithCancel(ctx)
	r := &Relay{cancel: cancel}
	ctx = rctx
	go func() {
		for {
			select {
			case <-in:
			case <-ctx.Done():
				return
			}
		}
	}()
	return r
}

func (r *Relay) Close() { r.cancel() }
