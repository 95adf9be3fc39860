package fixedwrappedmethod

import "log"


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
	for range l.rows {
		l.count++
	}
}

func Load(rows []string) error {
	l := &loader{rows: make(chan string, len(rows))}
	safely(l.drain)
	defer close(l.rows)
	for _, r := range rows {
		if r == "" {
			return nil
		}
		l.rows <- r
	}
	return nil
}
