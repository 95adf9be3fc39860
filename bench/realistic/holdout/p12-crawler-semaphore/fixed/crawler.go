// Package crawl fetches pages with a cap on concurrent requests.
package crawl

import (
	"errors"
	"time"
)

// Fetcher downloads one page.
type Fetcher interface {
	Fetch(url string) (string, error)
}

// Crawler limits concurrency with a semaphore channel.
type Crawler struct {
	f   Fetcher
	sem chan struct{}
}

// New allows at most limit concurrent fetches.
func New(f Fetcher, limit int) *Crawler {
	return &Crawler{f: f, sem: make(chan struct{}, limit)}
}

// ErrDeadline is returned when the crawl does not finish in time.
var ErrDeadline = errors.New("crawl: deadline exceeded")

type page struct {
	url  string
	body string
	err  error
}

func (c *Crawler) fetch(url string, out chan<- page) {
	c.sem <- struct{}{}
	body, err := c.f.Fetch(url)
	<-c.sem // the slot is released whatever the outcome
	if err != nil {
		out <- page{url: url, err: err}
		return
	}
	out <- page{url: url, body: body}
}

// Crawl fetches all urls and returns the bodies that arrived before the deadline.
func (c *Crawler) Crawl(urls []string, deadline time.Duration) (map[string]string, error) {
	out := make(chan page, len(urls))
	for _, u := range urls {
		go c.fetch(u, out)
	}
	bodies := map[string]string{}
	timeout := time.After(deadline)
	for range urls {
		select {
		case p := <-out:
			if p.err == nil {
				bodies[p.url] = p.body
			}
		case <-timeout:
			return bodies, ErrDeadline
		}
	}
	return bodies, nil
}
