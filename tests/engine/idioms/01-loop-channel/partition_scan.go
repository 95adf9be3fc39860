package partition_scan

import (
	"errors"
	"time"
)

// run: s := NewScanner(); s.Stop(); _, _ = s.ScanAll([]string{"p0", "p1", "p2"})

var errStopped = errors.New("scanner stopped")

type record struct {
	partition string
	offset    int64
}

// Scanner reads partitions one after the other until it is stopped.
type Scanner struct {
	quit chan struct{}
}

func NewScanner() *Scanner { return &Scanner{quit: make(chan struct{})} }

// Stop makes the running or next ScanAll give up.
func (s *Scanner) Stop() { close(s.quit) }

func scanPartition(name string, rows chan<- []record) {
	// A partition read goes to disk.
	time.Sleep(5 * time.Millisecond)
	rows <- []record{{partition: name, offset: 0}, {partition: name, offset: 1}} // want "blocks forever"
}

func (s *Scanner) ScanAll(partitions []string) ([]record, error) {
	var all []record
	for _, p := range partitions {
		rows := make(chan []record)
		go scanPartition(p, rows)
		select {
		case batch := <-rows:
			all = append(all, batch...)
		case <-s.quit:
			return all, errStopped
		}
	}
	return all, nil
}
