package fresh

import "sync"

type frameJ7 chan []byte

type busJ7 interface {
	Subscribe(out frameJ7) error
	Publish(b []byte) error
}

// A channel of a named channel type is a channel: the range ends only at the deferred
// close, after the Wait, so the consumer never leaves without its Done.
func deliverJ7(bus busJ7) {
	var got sync.WaitGroup
	inbox := make(frameJ7, 4)
	defer close(inbox)

	go func() {
		for range inbox {
			got.Done()
		}
	}()

	go func() { _ = bus.Subscribe(inbox) }()

	got.Add(1)
	go func() { _ = bus.Publish([]byte("x")) }()
	got.Wait()
}

