package streamjoin

import "time"

// sideState is the buffered state of one input.
type sideState struct {
	byKey   map[string][]Record
	maxSeen time.Time
	ended   bool
	count   int
}

// windowState holds the buffered records of both inputs and tracks the
// combined watermark.
type windowState struct {
	sides     [2]sideState
	window    time.Duration
	lateness  time.Duration
	maxPerKey int
}

func newWindowState(window, lateness time.Duration, maxPerKey int) *windowState {
	w := &windowState{window: window, lateness: lateness, maxPerKey: maxPerKey}
	for i := range w.sides {
		w.sides[i].byKey = make(map[string][]Record)
	}
	return w
}

// watermark returns the event time below which no further non-late records
// are expected. Sides that have ended no longer hold the watermark back. A
// side that has not produced anything yet holds it at the zero time.
func (w *windowState) watermark() time.Time {
	var wm time.Time
	first := true
	for i := range w.sides {
		s := &w.sides[i]
		if s.ended {
			continue
		}
		var sw time.Time
		if !s.maxSeen.IsZero() {
			sw = s.maxSeen.Add(-w.lateness)
		}
		if first || sw.Before(wm) {
			wm = sw
			first = false
		}
	}
	return wm
}

// isLate reports whether r arrives behind the current watermark.
func (w *windowState) isLate(r Record) bool {
	wm := w.watermark()
	return !wm.IsZero() && r.Time.Before(wm)
}

// matches returns the buffered records of side s with r's key whose event
// time is within the window of r.
func (w *windowState) matches(s Side, r Record) []Record {
	var out []Record
	for _, o := range w.sides[s].byKey[r.Key] {
		d := r.Time.Sub(o.Time)
		if d < 0 {
			d = -d
		}
		if d <= w.window {
			out = append(out, o)
		}
	}
	return out
}

// add buffers r on side s and advances that side's progress. It reports the
// number of records dropped because the per-key bound was hit.
func (w *windowState) add(s Side, r Record) int {
	st := &w.sides[s]
	buf := append(st.byKey[r.Key], r)
	dropped := 0
	if len(buf) > w.maxPerKey {
		dropped = len(buf) - w.maxPerKey
		buf = append([]Record(nil), buf[dropped:]...)
	}
	st.byKey[r.Key] = buf
	st.count += 1 - dropped
	if r.Time.After(st.maxSeen) {
		st.maxSeen = r.Time
	}
	return dropped
}

// end marks side s as exhausted.
func (w *windowState) end(s Side) { w.sides[s].ended = true }

// evict discards records that can no longer be joined with any record that
// is not late, and returns how many were removed.
func (w *windowState) evict() int {
	wm := w.watermark()
	if wm.IsZero() {
		return 0
	}
	cutoff := wm.Add(-w.window)
	removed := 0
	for i := range w.sides {
		st := &w.sides[i]
		for k, buf := range st.byKey {
			n := 0
			for _, r := range buf {
				if !r.Time.Before(cutoff) {
					buf[n] = r
					n++
				}
			}
			removed += len(buf) - n
			st.count -= len(buf) - n
			if n == 0 {
				delete(st.byKey, k)
			} else {
				st.byKey[k] = buf[:n]
			}
		}
	}
	return removed
}
