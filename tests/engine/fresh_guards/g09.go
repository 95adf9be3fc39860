package fp

import "sync"

// Each path calls wg.Done() and then sends; the send at line 14 is flagged
// because it comes textually before the later wg.Done() at line 17.
func serve09(dryRun bool) error {
	var wg sync.WaitGroup
	wg.Add(1)
	errCh := make(chan error)
	go func() {
		if dryRun {
			wg.Done()
			errCh <- nil
			return
		}
		wg.Done()
		errCh <- nil
	}()
	wg.Wait()
	return <-errCh
}
