package trueconditionloopreturns

import (
	"errors"
	"io"
	"time"
)

type pager interface{ Next() ([]byte, error) }

// The same pacing loop, left by a return at the end of the pages: the ticker goes on
// firing after it.
func Play(p pager, out func([]byte) error) {
	go func() {
		ticker := time.NewTicker(20 * time.Millisecond) // want "ticker `ticker` is never stopped: its timer keeps running after the function returns"
		for ; true; <-ticker.C {
			data, err := p.Next()
			if errors.Is(err, io.EOF) {
				return
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
