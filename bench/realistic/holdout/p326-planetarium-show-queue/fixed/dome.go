package showqueue

import "time"

// dome is the dispatcher state of one theatre.
type dome struct {
	spec    DomeSpec
	done    chan struct{}
	current string // guarded by Queue.mu
}

func (q *Queue) runDome(d *dome) {
	defer close(d.done)
	for {
		s, ok := q.next(d)
		if !ok {
			q.log.Printf("showqueue: dome %s closing", d.spec.Name)
			return
		}
		start := time.Now()
		q.log.Printf("showqueue: dome %s starting %q (%d seats)", d.spec.Name, s.Title, s.Seats)
		err := q.cfg.Projector.Play(q.ctx, d.spec.Name, s)
		q.finish(d, s, err, time.Since(start))
	}
}

// indexFor returns the position of the earliest pending show the dome can
// screen, or -1.
func (q *Queue) indexFor(spec DomeSpec) int {
	for i, s := range q.pending {
		if spec.canPlay(s) {
			return i
		}
	}
	return -1
}

// next blocks until there is a show for d, or reports false when the
// queue has been shut down and drained.
func (q *Queue) next(d *dome) (Show, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.paused || q.indexFor(d.spec) < 0 {
		if q.closed && q.indexFor(d.spec) < 0 {
			return Show{}, false
		}
		q.cond.Wait()
	}
	i := q.indexFor(d.spec)
	s := q.pending[i]
	q.pending = append(q.pending[:i], q.pending[i+1:]...)
	d.current = s.ID
	return s, true
}

func (q *Queue) finish(d *dome, s Show, err error, took time.Duration) {
	q.mu.Lock()
	d.current = ""
	if err != nil {
		q.failed++
	} else {
		q.played[d.spec.Name]++
	}
	q.mu.Unlock()

	if err != nil {
		q.log.Printf("showqueue: dome %s: %q failed after %v: %v", d.spec.Name, s.Title, took, err)
	} else {
		q.log.Printf("showqueue: dome %s: %q ended after %v", d.spec.Name, s.Title, took)
	}
	if q.cfg.OnPlayed != nil {
		q.cfg.OnPlayed(d.spec.Name, s, err)
	}
}
