package lockedthengoroutinekeepsit

import "sync"

// run: b := &Block{}; go func() { _ = Compact(b, func(d []byte) ([]byte, error) { return d, nil }) }()

// Block is one segment of a log file.
type Block struct {
	mu   sync.Mutex
	data []byte
	werr error
}

// Compact holds the block while a goroutine rewrites it, but the goroutine only
// reads the lock's data: nobody lets go of it before the second lock.
func Compact(b *Block, rewrite func([]byte) ([]byte, error)) error {
	var wg sync.WaitGroup
	wg.Add(1)
	b.mu.Lock()
	go func() {
		defer wg.Done()
		b.data, b.werr = rewrite(b.data)
	}()
	wg.Wait()
	b.mu.Lock() // want "`b.mu` is locked again \(Lock\) while this goroutine already holds it since line 19: it blocks forever"
	defer b.mu.Unlock()
	return b.werr
}
