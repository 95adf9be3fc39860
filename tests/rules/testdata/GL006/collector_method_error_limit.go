package lint

import (
	"context"
	"fmt"
	"sync"
)

// run: c := &Checker{MaxProblems: 1}; _, _ = c.CheckAll(context.Background(), []string{"bad", "bad", "bad"})

// Report lists the problems found.
type Report struct {
	Checked  int
	Problems []string
}

// Checker checks files with a fixed pool of workers.
type Checker struct {
	MaxProblems int
}

func check(name string) []string {
	if name == "bad" {
		return []string{name + ": missing header"}
	}
	return nil
}

// CheckAll checks every file.
func (c *Checker) CheckAll(ctx context.Context, names []string) (*Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan string, len(names))
	for _, n := range names {
		in <- n
	}
	close(in)
	found := make(chan []string)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range in {
				found <- check(n) // want "goroutine blocks forever sending on `found` once `collect`, called by `CheckAll`, stops consuming at line 69"
			}
		}()
	}
	go func() {
		wg.Wait()
		close(found)
	}()
	rep, err := c.collect(found)
	if err != nil {
		return rep, fmt.Errorf("lint: %w", err)
	}
	return rep, nil
}

func (c *Checker) collect(found <-chan []string) (*Report, error) {
	rep := &Report{}
	for problems := range found {
		rep.Checked++
		if len(problems) == 0 {
			continue
		}
		rep.Problems = append(rep.Problems, problems...)
		if c.MaxProblems > 0 && len(rep.Problems) >= c.MaxProblems {
			return rep, fmt.Errorf("stopped after %d problems", len(rep.Problems))
		}
	}
	return rep, nil
}
