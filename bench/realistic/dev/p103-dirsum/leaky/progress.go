package dirsum

import (
	"fmt"
	"io"
	"time"
)

// reporter prints a running count of hashed files, at most once per
// interval, and a total when stopped.
type reporter struct {
	w        io.Writer
	every    time.Duration
	files    chan string
	stop     chan struct{}
	finished chan struct{}
}

func startReporter(w io.Writer, every time.Duration) *reporter {
	r := &reporter{
		w:        w,
		every:    every,
		files:    make(chan string),
		stop:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	go r.loop()
	return r
}

// Add counts one hashed file.
func (r *reporter) Add(path string) {
	select {
	case r.files <- path:
	case <-r.stop:
	}
}

// Stop prints the total and waits for the reporter to finish.
func (r *reporter) Stop() {
	close(r.stop)
	<-r.finished
}

func (r *reporter) loop() {
	defer close(r.finished)
	var n int
	var last time.Time
	for {
		select { // leak: run returns early on a checksum error without calling Stop
		case p := <-r.files:
			n++
			if time.Since(last) >= r.every {
				fmt.Fprintf(r.w, "%6d files  %s\n", n, p)
				last = time.Now()
			}
		case <-r.stop:
			fmt.Fprintf(r.w, "%6d files hashed\n", n)
			return
		}
	}
}
