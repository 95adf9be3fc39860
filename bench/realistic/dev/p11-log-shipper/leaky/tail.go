package shipper

import (
	"bufio"
	"io"
)

// Follow feeds every line of r into the batcher in the background.
func Follow(r io.Reader, b *Batcher) {
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			b.Add(sc.Text())
		}
	}()
}
