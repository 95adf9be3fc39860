package rollup

import (
	"context"
	"errors"
	"io"
	"sort"
	"time"
)

// Rollup summarises the samples of one series within one bucket.
type Rollup struct {
	Series   string
	Start    time.Time
	Count    int
	Sum      float64
	Min, Max float64
}

// Mean is the average value within the bucket.
func (r Rollup) Mean() float64 { return r.Sum / float64(r.Count) }

func (r *Rollup) add(v float64) {
	if r.Count == 0 || v < r.Min {
		r.Min = v
	}
	if r.Count == 0 || v > r.Max {
		r.Max = v
	}
	r.Count++
	r.Sum += v
}

// Stream delivers rollups as their buckets close.
type Stream struct {
	C   <-chan Rollup
	err error
}

// Err reports why the stream ended early; it is valid once C is closed.
func (s *Stream) Err() error { return s.err }

// Downsample reads src and emits one rollup per series and bucket of width
// step, in bucket order. It stops when src is exhausted or ctx is done.
func Downsample(ctx context.Context, src Source, step time.Duration) *Stream {
	out := make(chan Rollup)
	st := &Stream{C: out}
	go func() {
		defer close(out)
		var bucket time.Time
		open := map[string]*Rollup{}
		emit := func() bool {
			names := make([]string, 0, len(open))
			for name := range open {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				select {
				case out <- *open[name]:
				case <-ctx.Done():
					st.err = ctx.Err()
					return false
				}
			}
			open = map[string]*Rollup{}
			return true
		}
		for {
			s, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				emit()
				return
			}
			if err != nil {
				st.err = err
				return
			}
			b := s.At.Truncate(step)
			if b.After(bucket) && len(open) > 0 && !emit() {
				return
			}
			bucket = b
			r, ok := open[s.Series]
			if !ok {
				r = &Rollup{Series: s.Series, Start: b}
				open[s.Series] = r
			}
			r.add(s.Value)
		}
	}()
	return st
}
