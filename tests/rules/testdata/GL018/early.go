package early

import (
	"errors"
	"time"
)

func Wait(n int) error {
	tick := time.NewTicker(time.Millisecond) // want "ticker `tick` is not stopped on every path: the return at line 11 leaves it running"
	if n < 0 {
		return errors.New("negative")
	}
	for i := 0; i < n; i++ {
		<-tick.C
	}
	tick.Stop()
	return nil
}
