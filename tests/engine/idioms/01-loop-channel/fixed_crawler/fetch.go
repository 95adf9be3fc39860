package fixed_crawler

import "time"

func (c *Crawler) fetch(url string, done chan<- page) {
	time.Sleep(c.latency)
	done <- page{url: url, body: []byte("<html></html>")}
}

// Crawl fetches every url in turn and stops at the first one that is too slow.
func (c *Crawler) Crawl(urls []string) ([]page, error) {
	var pages []page
	for _, u := range urls {
		if c.seen[u] {
			continue
		}
		c.seen[u] = true
		done := make(chan page, 1) // fetch must not wait for a reader that timed out
		go c.fetch(u, done)
		select {
		case p := <-done:
			pages = append(pages, p)
		case <-time.After(c.timeout):
			return pages, errTimeout
		}
	}
	return pages, nil
}
