// Package crawler implements a polite breadth-first web crawler that obeys
// robots.txt, including Crawl-delay, and never fetches a page twice.
package crawler

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fetcher performs HTTP GET requests.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string) (*Response, error)
}

// Response is a fetched document with the links of an HTML page extracted.
type Response struct {
	StatusCode int
	Body       []byte
	Links      []string
}

// Config configures a Crawler. Zero values select the defaults.
type Config struct {
	UserAgent    string
	Fetcher      Fetcher
	Workers      int           // concurrent fetches; default 4
	MaxPages     int           // pages dispatched per crawl; default 1000
	DefaultDelay time.Duration // minimum spacing of requests to a host; default 1s
	Clock        Clock
}

// ErrInvalidSeed is returned for seeds that are not absolute URLs.
var ErrInvalidSeed = errors.New("crawler: invalid seed URL")

// Report summarizes a crawl.
type Report struct {
	Pages      map[string]int   // status code by URL
	Disallowed []string         // URLs skipped because of robots.txt
	Failed     map[string]error // URLs that could not be fetched
}

// Crawler crawls the web politely. Its robots.txt cache is shared by all
// crawls; per-host rate limits last for one crawl.
type Crawler struct {
	cfg    Config
	mu     sync.Mutex
	robots map[string]*robotsRules // by origin
}

// New returns a Crawler for cfg.
func New(cfg Config) (*Crawler, error) {
	if cfg.Fetcher == nil || cfg.UserAgent == "" {
		return nil, errors.New("crawler: Fetcher and UserAgent are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 1000
	}
	if cfg.DefaultDelay <= 0 {
		cfg.DefaultDelay = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	return &Crawler{cfg: cfg, robots: make(map[string]*robotsRules)}, nil
}

// visit is the outcome of crawling one URL.
type visit struct {
	url        *url.URL
	status     int
	links      []*url.URL
	disallowed bool
	err        error
}

// Crawl visits the seeds and the pages reachable from them, breadth first,
// until the frontier is empty, MaxPages is reached or ctx is cancelled.
func (c *Crawler) Crawl(ctx context.Context, seeds ...string) (*Report, error) {
	var frontier []*url.URL
	seen := make(map[string]bool)
	push := func(u *url.URL) {
		n := *u
		n.Fragment, n.RawFragment, n.Host = "", "", strings.ToLower(n.Host)
		if (n.Scheme == "http" || n.Scheme == "https") && !seen[n.String()] {
			seen[n.String()] = true
			frontier = append(frontier, &n)
		}
	}
	for _, s := range seeds {
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() || u.Host == "" {
			return nil, fmt.Errorf("%w: %q", ErrInvalidSeed, s)
		}
		push(u)
	}

	polite := &politeness{clock: c.cfg.Clock, minDelay: c.cfg.DefaultDelay, hosts: make(map[string]*hostLimiter)}
	defer polite.stopAll()

	jobs, results := make(chan *url.URL), make(chan visit)
	for i := 0; i < c.cfg.Workers; i++ {
		go func() {
			for u := range jobs {
				results <- c.visit(ctx, polite, u)
			}
		}()
	}
	defer close(jobs)

	report := &Report{Pages: make(map[string]int), Failed: make(map[string]error)}
	inflight, dispatched := 0, 0
	done := ctx.Done()
	for {
		var out chan *url.URL
		var next *url.URL
		if len(frontier) > 0 && ctx.Err() == nil && dispatched < c.cfg.MaxPages {
			out, next = jobs, frontier[0]
		}
		if out == nil && inflight == 0 {
			break
		}
		select {
		case out <- next:
			frontier = frontier[1:]
			inflight++
			dispatched++
		case v := <-results:
			inflight--
			switch {
			case v.disallowed:
				report.Disallowed = append(report.Disallowed, v.url.String())
			case v.err != nil:
				report.Failed[v.url.String()] = v.err
			default:
				report.Pages[v.url.String()] = v.status
			}
			for _, l := range v.links {
				push(l)
			}
		case <-done:
			done = nil // stop dispatching, collect what is in flight
		}
	}
	return report, ctx.Err()
}

// visit checks robots.txt, waits for the host's rate limit and fetches one page.
func (c *Crawler) visit(ctx context.Context, p *politeness, u *url.URL) visit {
	v := visit{url: u}
	rules, err := c.rules(ctx, p, u)
	if err != nil {
		v.err = fmt.Errorf("robots.txt: %w", err)
		return v
	}
	if rules.crawlDelay > 0 {
		p.setDelay(u.Host, rules.crawlDelay)
	}
	if !rules.allowed(u.EscapedPath()) {
		v.disallowed = true
		return v
	}
	var resp *Response
	if err = p.wait(ctx, u.Host); err == nil {
		resp, err = c.cfg.Fetcher.Fetch(ctx, u.String())
	}
	if err != nil {
		v.err = fmt.Errorf("fetch: %w", err)
		return v
	}
	v.status = resp.StatusCode
	for _, l := range resp.Links {
		if ref, err := url.Parse(l); err == nil {
			v.links = append(v.links, u.ResolveReference(ref))
		}
	}
	return v
}

// robotsRules are the robots.txt directives that apply to our user agent.
type robotsRules struct {
	disallow   []string
	crawlDelay time.Duration
}

// parseRobots returns the rules of the groups addressed to agent or to "*".
func parseRobots(body []byte, agent string) *robotsRules {
	agent = strings.ToLower(agent)
	r := &robotsRules{}
	applies, inAgents := false, false
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if key == "user-agent" {
			ua := strings.ToLower(value)
			applies = (inAgents && applies) || ua == "*" || (ua != "" && strings.Contains(agent, ua))
			inAgents = true
			continue
		}
		inAgents = false
		switch {
		case !applies || value == "":
		case key == "disallow":
			r.disallow = append(r.disallow, value)
		case key == "crawl-delay":
			if secs, err := strconv.ParseFloat(value, 64); err == nil && secs >= 0 {
				r.crawlDelay = time.Duration(secs * float64(time.Second))
			}
		}
	}
	return r
}

// allowed reports whether path matches none of the Disallow prefixes.
func (r *robotsRules) allowed(path string) bool {
	for _, p := range r.disallow {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// rules returns u's robots.txt rules, fetching them through the rate limit on a miss.
func (c *Crawler) rules(ctx context.Context, p *politeness, u *url.URL) (*robotsRules, error) {
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	r, ok := c.robots[origin]
	c.mu.Unlock()
	if ok {
		return r, nil
	}
	if err := p.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	resp, err := c.cfg.Fetcher.Fetch(ctx, origin+"/robots.txt")
	switch {
	case err != nil:
		return nil, err
	case resp.StatusCode >= 500:
		// An unreachable robots.txt puts the site off limits; ask again next time.
		return &robotsRules{disallow: []string{"/"}}, nil
	case resp.StatusCode >= 400:
		r = &robotsRules{}
	default:
		r = parseRobots(resp.Body, c.cfg.UserAgent)
	}
	c.mu.Lock()
	c.robots[origin] = r
	c.mu.Unlock()
	return r, nil
}
