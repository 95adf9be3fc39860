package fresh

import "sync"

type streamK6 struct{}

func (s *streamK6) Close() {}

func openK6() (*streamK6, error) { return &streamK6{}, nil }

// A slice made empty with room for n (`make([]T, 0, n)`) and appended to once per turn
// of a loop of 100 ranges 100 times, as `wg.Add(n)` with `n := 100` counts
// (APPENDED_PER_ITERATION; smux, audit 8).
func closeAllK6() {
	n := 100
	streams := make([]*streamK6, 0, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < 100; i++ {
		s, _ := openK6()
		streams = append(streams, s)
	}
	for _, s := range streams {
		stream := s
		go func() {
			stream.Close()
			wg.Done()
		}()
	}
	wg.Wait()
}
