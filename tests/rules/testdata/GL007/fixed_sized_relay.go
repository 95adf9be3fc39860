package sizedrelay

import "context"

type request struct{ url string }

type response struct{ req *request }

// fetchAll answers every request once, then closes the channel.
func fetchAll(workers int, reqs ...*request) <-chan *response {
	out := make(chan *response, len(reqs))
	go func() {
		defer close(out)
		for _, r := range reqs {
			out <- &response{req: r}
		}
	}()
	return out
}

// Download relays the answers into a buffer with room for one per request: the
// producer was handed the same requests, so no send on pump can block.
func Download(ctx context.Context, workers int, reqs ...*request) <-chan *response {
	pump := make(chan *response, len(reqs))
	go func() {
		answers := fetchAll(workers, reqs...)
	Loop:
		for {
			select {
			case <-ctx.Done():
				break Loop
			case resp := <-answers:
				if resp == nil {
					break Loop
				}
				pump <- resp
			}
		}
		close(pump)
	}()
	return pump
}

// Mirror ranges over the producer's channel instead of selecting on it.
func Mirror(ctx context.Context, reqs []*request) <-chan *response {
	pump := make(chan *response, len(reqs))
	go func() {
		defer close(pump)
		for resp := range fetchAll(1, reqs...) {
			pump <- resp
		}
	}()
	return pump
}
