package producer

import "strings"

// run: Upper([]string{"a", "b"})

func Upper(words []string) {
	lines := make(chan string)
	go func() {
		for l := range lines { // want "goroutine never finishes ranging over `lines`: `lines` is sent on but never closed"
			_ = strings.ToUpper(l)
		}
	}()
	done := make(chan struct{})
	go func() {
		for _, w := range words {
			lines <- w
		}
		close(done)
	}()
	<-done
}
