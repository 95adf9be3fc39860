package tail

import (
	"bufio"
	"io"
	"os"
	"strings"
	"sync"
)

// follower reads one open file and sends its complete lines downstream.
type follower struct {
	f       *os.File
	wake    chan struct{}
	done    chan struct{}
	stopped sync.Once
}

func startFollower(f *os.File, out chan<- Line) *follower {
	r := &follower{f: f, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go r.run(out)
	return r
}

// poke tells the follower that the file has grown.
func (r *follower) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// stop asks the follower to finish. It keeps reading to the end of the
// file, so lines written just before a rotation are not lost, but it gives
// up on any line the consumer is not ready to take.
func (r *follower) stop() {
	r.stopped.Do(func() { close(r.done) })
}

func (r *follower) run(out chan<- Line) {
	defer r.f.Close()
	br := bufio.NewReader(r.f)
	var offset int64
	var partial strings.Builder
	draining := false
	for {
		chunk, err := br.ReadString('\n')
		partial.WriteString(chunk)
		if err == nil {
			l := Line{Path: r.f.Name(), Text: strings.TrimSuffix(partial.String(), "\n"), Offset: offset}
			offset += int64(partial.Len())
			partial.Reset()
			select {
			case out <- l:
			case <-r.done:
				return
			}
			continue
		}
		if err != io.EOF || draining {
			return
		}
		select {
		case <-r.wake:
		case <-r.done:
			draining = true
		}
	}
}
