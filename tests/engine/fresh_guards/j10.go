package fresh

import "context"

// The first answer is kept: a flag lets the send run once, into a buffer of one, so
// the collector never blocks after the caller left (ONCE_BY_FLAG).
func collectJ10(n int, answers chan int, first chan int) {
	got := false
	for i := 0; i < n; i++ {
		v := <-answers
		if got {
			continue
		}
		got = true
		first <- v
	}
	close(first)
}

func fastestJ10(ctx context.Context, n int) (int, error) {
	answers := make(chan int, n)
	first := make(chan int, 1)
	for i := 0; i < n; i++ {
		go func(i int) { answers <- i }(i)
	}
	go collectJ10(n, answers, first)
	select {
	case v := <-first:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The same flag tested around the send.
func winnerJ10(n int, results chan error, best chan error) {
	won := false
	for i := 0; i < n; i++ {
		err := <-results
		if err == nil && !won {
			won = true
			best <- err
		}
	}
}

func raceJ10(ctx context.Context, n int) error {
	results := make(chan error, n)
	best := make(chan error, 1)
	for i := 0; i < n; i++ {
		go func() { results <- nil }()
	}
	go winnerJ10(n, results, best)
	select {
	case err := <-best:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
