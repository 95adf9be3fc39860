// False positive (dapr pkg/operator/api/api_test.go:521 and the five copies at
// 564, 643, 676, 1241, 1270, GL013): a fake "watch" callback makes an unbuffered
// channel, starts a goroutine that sends one event and closes it, and returns
// the channel. The only caller of the callback drains the channel until it is
// closed (its other exit is a context that is never cancelled here), so the
// send is always received.
package fp

import "context"

type Event struct{ Name string }

type Fake struct {
	watch func(ctx context.Context) (<-chan *Event, error)
}

func newFake() *Fake {
	return &Fake{watch: func(context.Context) (<-chan *Event, error) {
		ch := make(chan *Event)
		go func() {
			ch <- &Event{Name: "created"}
			close(ch)
		}()
		return ch, nil
	}}
}

func consume(ctx context.Context, f *Fake) (n int, err error) {
	ch, err := f.watch(ctx)
	if err != nil {
		return 0, err
	}
	for {
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case _, ok := <-ch:
			if !ok {
				return n, nil
			}
			n++
		}
	}
}

func run() (int, error) { return consume(context.Background(), newFake()) }
