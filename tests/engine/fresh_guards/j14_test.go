package fresh

import "testing"

type jobJ14 struct{ n int }

// `results` is never closed, so `ok` is always true: the `if !ok { return }` arm
// never runs and leaves no worker behind (NEVER_CLOSED).
func TestRelayJ14(t *testing.T) {
	const jobs, workers = 40, 4
	queue := make(chan *jobJ14, workers)
	results := make(chan *jobJ14, 1)
	for range workers {
		go func() {
			for j := range queue {
				results <- j
			}
		}()
	}
	go func() {
		for i := range jobs {
			queue <- &jobJ14{i}
		}
		close(queue)
	}()
	for range jobs {
		select {
		case _, ok := <-results:
			if !ok {
				return
			}
		case <-t.Context().Done():
			t.Error(t.Context().Err())
			return
		}
	}
}
