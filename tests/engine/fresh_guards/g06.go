package fp

import "sync"

type encoder06 struct {
	errCh chan error
	errs  []error
}

func newEncoder06() *encoder06 { return &encoder06{} } // errCh made lazily

func (e *encoder06) processCustom(fields []string) {
	e.errCh = make(chan error, 3)
	done := make(chan struct{})
	go func() {
		for err := range e.errCh {
			e.errs = append(e.errs, err)
		}
		close(done)
	}()
	e.resolveAll(fields) // the only caller of resolveAll
	close(e.errCh)
	<-done
}

func (e *encoder06) resolveAll(fields []string) {
	var wg sync.WaitGroup
	for _, f := range fields {
		wg.Add(1)
		go func(f string) {
			defer wg.Done()
			if f == "" {
				e.errCh <- nil // e.errCh was made by processCustom
			}
		}(f)
	}
	wg.Wait()
}
