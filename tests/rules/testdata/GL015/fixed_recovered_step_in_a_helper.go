package migrate

import (
	"context"
	"fmt"
	"log"
	"sync"
)

// Step is one schema migration; Run is written by whoever adds the migration.
type Step struct {
	Name string
	Run  func(ctx context.Context) error
}

// RunAll runs the steps concurrently and reports the first error.
func RunAll(ctx context.Context, steps []Step) error {
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	wg.Add(len(steps))
	for i, s := range steps {
		go func(i int, s Step) {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("step %s panicked: %v", s.Name, p)
				}
			}()
			errs[i] = apply(ctx, s)
		}(i, s)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, s Step) error {
	log.Printf("applying %s", s.Name)
	return s.Run(ctx)
}
