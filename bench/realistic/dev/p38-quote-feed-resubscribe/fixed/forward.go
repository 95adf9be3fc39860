package quotes

import "context"

// forward copies quotes from one stream into the feed until the stream's
// context is cancelled or the source ends the stream.
func (f *Feed) forward(ctx context.Context, stream <-chan Quote) {
	for {
		select {
		case <-ctx.Done():
			return
		case q, ok := <-stream:
			if !ok {
				return
			}
			f.record(q)
		}
	}
}

func (f *Feed) record(q Quote) {
	f.mu.Lock()
	if prev, ok := f.latest[q.Symbol]; !ok || !q.At.Before(prev.At) {
		f.latest[q.Symbol] = q
	}
	hook := f.onQuote
	f.mu.Unlock()
	if hook != nil {
		hook(q)
	}
}
