package fixedhandedtoagoroutine

import (
	"sync"
	"time"
)

// Block is one segment of a log file.
type Block struct {
	mu   sync.Mutex
	data []byte
	werr error
}

// Compact holds the block while a goroutine rewrites it; the goroutine lets go of
// the lock when it is done, so locking it again after the wait does not block.
func Compact(b *Block, rewrite func([]byte) ([]byte, error)) error {
	var wg sync.WaitGroup
	wg.Add(1)
	b.mu.Lock()
	go func() {
		defer wg.Done()
		time.Sleep(time.Millisecond)
		b.data, b.werr = rewrite(b.data)
		b.mu.Unlock()
	}()
	wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.werr
}
