package wrappedmethod

import "log"

// run: _ = Load([]string{"a", "", "b"})

// safely runs f on a goroutine of its own, logging a panic instead of crashing.
func safely(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		f()
	}()
}

type loader struct {
	rows  chan string
	count int
}

func (l *loader) drain() {
	for range l.rows { // want "goroutine `drain` never finishes ranging over `l.rows` when `Load` returns at line 35 without closing `l.rows`"
		l.count++
	}
}

func Load(rows []string) error {
	l := &loader{rows: make(chan string, len(rows))}
	safely(l.drain)
	for _, r := range rows {
		if r == "" {
			return nil
		}
		l.rows <- r
	}
	close(l.rows)
	return nil
}
