package clickship

import (
	"encoding/json"
	"errors"
	"sync/atomic"
	"time"
)

// Shipper decodes raw click events and inserts them into a Sink in batches.
type Shipper struct {
	sink      Sink
	table     string
	batchSize int
	interval  time.Duration
	timeout   time.Duration
	retries   int

	records chan Record
	done    chan struct{}
	err     error

	shipped atomic.Int64
	bad     atomic.Int64
}

// Config holds Shipper settings; zero values get defaults.
type Config struct {
	Table     string
	BatchSize int
	Interval  time.Duration
	Timeout   time.Duration
	Retries   int
}

// Start launches the decode and flush stages reading raw JSON lines from in.
func Start(sink Sink, cfg Config, in <-chan []byte) *Shipper {
	s := &Shipper{
		sink: sink, table: cfg.Table, batchSize: cfg.BatchSize,
		interval: cfg.Interval, timeout: cfg.Timeout, retries: cfg.Retries,
		done: make(chan struct{}),
	}
	if s.batchSize <= 0 {
		s.batchSize = 500
	}
	if s.interval <= 0 {
		s.interval = time.Second
	}
	if s.timeout <= 0 {
		s.timeout = 5 * time.Second
	}
	if s.retries <= 0 {
		s.retries = 3
	}
	s.records = make(chan Record, 2*s.batchSize)
	go s.decode(in)
	go s.flush()
	return s
}

func (s *Shipper) decode(in <-chan []byte) {
	defer close(s.records)
	for line := range in {
		var r Record
		if err := json.Unmarshal(line, &r); err != nil {
			s.bad.Add(1)
			continue
		}
		s.records <- r // leak: after flush gave up on a rejected batch nobody drains records, so the buffer fills and this send blocks forever
	}
}

func (s *Shipper) flush() {
	defer close(s.done)
	batch := make([]Record, 0, s.batchSize)
	tick := time.NewTicker(s.interval)
	defer tick.Stop()
	for {
		select {
		case r, ok := <-s.records:
			if !ok {
				s.err = s.write(batch)
				return
			}
			batch = append(batch, r)
			if len(batch) < s.batchSize {
				continue
			}
		case <-tick.C:
		}
		if err := s.write(batch); err != nil {
			if errors.Is(err, ErrRejected) {
				s.err = err
				return
			}
			continue
		}
		batch = batch[:0]
	}
}

// Wait blocks until the input is exhausted and flushed, or the sink rejected
// a batch, and returns the terminal error.
func (s *Shipper) Wait() error {
	<-s.done
	return s.err
}

// Stats returns shipped and undecodable record counts.
func (s *Shipper) Stats() (shipped, bad int64) { return s.shipped.Load(), s.bad.Load() }
