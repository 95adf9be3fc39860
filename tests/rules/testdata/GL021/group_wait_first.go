package groupwaitfirst

import "sync"

// run: go Sizes([]string{"a", "bb"})

// group runs tasks on goroutines of their own and keeps the first error, as
// errgroup.Group does.
type group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

// Sizes measures every name at once, then collects the sizes. It waits for the
// group before it reads: the tasks wait for it to read.
func Sizes(names []string) ([]int, error) {
	var g group
	sizes := make(chan int)
	for _, n := range names {
		n := n
		g.Go(func() error {
			sizes <- len(n) // want "waits for it with `g.Wait\\(\\)` at line 42 before receiving from `sizes`"
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	close(sizes)
	var out []int
	for s := range sizes {
		out = append(out, s)
	}
	return out, nil
}
