// The second goroutine starts only in verbose mode, but the count steps for it
// whenever its scanner is set: a quiet display waits for a Done that never comes.
package display

import (
	"bufio"
	"sync"
)

type D struct {
	out     *bufio.Scanner
	err     *bufio.Scanner
	verbose bool
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
	if d.err != nil && d.verbose {
		go func() {
			for d.err.Scan() {
			}
			wg.Done()
		}()
	}
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever"
}
