package fixedskippedstopwalkedqueues

import (
	"errors"
	"fmt"
	"sync"
)

var errNoPrinter = errors.New("no such printer")

type Job struct {
	ID      string
	Printer string
}

type Shop struct{ printers []string }

func NewShop(printers []string) *Shop { return &Shop{printers: printers} }

// dispatch feeds each printer its jobs in order, one worker per printer.
type dispatch struct {
	queues map[string]chan Job
	wg     sync.WaitGroup

	mu   sync.Mutex
	done []string
}

func (s *Shop) openDispatch() *dispatch {
	d := &dispatch{queues: make(map[string]chan Job, len(s.printers))}
	for _, name := range s.printers {
		q := make(chan Job, 4)
		d.queues[name] = q
		d.wg.Add(1)
		go d.print(q)
	}
	return d
}

func (d *dispatch) print(q <-chan Job) {
	defer d.wg.Done()
	for j := range q {
		d.mu.Lock()
		d.done = append(d.done, j.ID)
		d.mu.Unlock()
	}
}

// drain lets the printers finish what is queued and returns the printed jobs.
func (d *dispatch) drain() []string {
	for _, q := range d.queues {
		close(q)
	}
	d.wg.Wait()
	return d.done
}

// PrintAll queues every job on its printer and waits for them all.
func PrintAll(s *Shop, jobs []Job) ([]string, error) {
	d := s.openDispatch()
	for _, j := range jobs {
		q, ok := d.queues[j.Printer]
		if !ok {
			d.drain()
			return nil, fmt.Errorf("job %s: %w", j.ID, errNoPrinter)
		}
		q <- j
	}
	return d.drain(), nil
}
