package fixedgroupwaitfirst

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

// Sizes measures every name at once and collects the sizes while the tasks run; a
// goroutine waits for the group and closes the channel.
func Sizes(names []string) ([]int, error) {
	var g group
	sizes := make(chan int)
	for _, n := range names {
		n := n
		g.Go(func() error {
			sizes <- len(n)
			return nil
		})
	}
	var err error
	go func() {
		err = g.Wait()
		close(sizes)
	}()
	var out []int
	for s := range sizes {
		out = append(out, s)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}
