package term

import "time"

// WaitForResume must be called before the process is suspended; the caller waits on
// the channel until it is resumed. The package's own caller shows the contract: it
// always receives (CALLERS_SHOW_THE_CONTRACT).
func WaitForResume() chan struct{} {
	ch := make(chan struct{})
	go func() {
		ticker := time.NewTicker(10 * time.Millisecond)
		defer ticker.Stop()
		last := time.Now()
		for now := range ticker.C {
			if now.Sub(last) > 100*time.Millisecond {
				break
			}
			last = now
		}
		ch <- struct{}{}
	}()
	return ch
}

func SleepToResume(suspend func()) {
	ch := WaitForResume()
	suspend()
	<-ch
}
