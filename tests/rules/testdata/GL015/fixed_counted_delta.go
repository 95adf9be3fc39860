// Display counts the goroutines it will start under the same tests that start them
// (`wgDelta++` when a scanner is set), then adds the count: each step is an Add on the
// branch that takes it (COUNTED_ADD), and both ifs on a scanner take the same arm
// (REPEATED_TEST), so every Add has its Done.
package display

import (
	"bufio"
	"sync"
)

type D struct {
	out *bufio.Scanner
	err *bufio.Scanner
}

func (d *D) Display() {
	var wg sync.WaitGroup
	wgDelta := 0
	if d.out != nil {
		wgDelta++
	}
	if d.err != nil {
		wgDelta++
	}
	wg.Add(wgDelta)
	if d.out != nil {
		go func() {
			for d.out.Scan() {
			}
			wg.Done()
		}()
	}
	if d.err != nil {
		go func() {
			for d.err.Scan() {
			}
			wg.Done()
		}()
	}
	wg.Wait()
}
