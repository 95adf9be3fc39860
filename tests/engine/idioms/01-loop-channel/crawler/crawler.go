package crawler

import (
	"errors"
	"time"
)

// run: _, _ = New(time.Millisecond).Crawl([]string{"https://a.example/", "https://b.example/"})

var errTimeout = errors.New("crawl: page timed out")

type page struct {
	url  string
	body []byte
}

// Crawler fetches pages one by one, giving each one at most timeout.
type Crawler struct {
	timeout time.Duration
	latency time.Duration
	seen    map[string]bool
}

func New(timeout time.Duration) *Crawler {
	return &Crawler{timeout: timeout, latency: 15 * time.Millisecond, seen: map[string]bool{}}
}
