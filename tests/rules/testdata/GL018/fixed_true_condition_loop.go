package trueconditionloop

import (
	"errors"
	"io"
	"os"
	"time"
)

type pager interface{ Next() ([]byte, error) }

// Play paces the pages on the ticker in a loop whose condition is the constant true:
// it ends only by os.Exit or panic, so the goroutine never returns with the ticker
// running, as with `for { ... }`.
func Play(p pager, out func([]byte) error) {
	go func() {
		ticker := time.NewTicker(20 * time.Millisecond)
		for ; true; <-ticker.C {
			data, err := p.Next()
			if errors.Is(err, io.EOF) {
				os.Exit(0)
			}
			if err != nil {
				panic(err)
			}
			if err = out(data); err != nil {
				panic(err)
			}
		}
	}()
}
