// Package ldapsync mirrors users from an LDAP directory into a local store.
// Entries are read with the simple paged results control, compared with the
// local copy and the differences are applied as create, update and delete
// operations.
package ldapsync

import (
	"context"
	"io"
	"sync"
)

// Entry is a directory entry.
type Entry struct {
	DN         string
	Attributes map[string][]string
}

// SearchRequest is a paged subtree search.
type SearchRequest struct {
	BaseDN     string
	Filter     string
	Attributes []string
	PageSize   int
	// Cookie is the paged results cookie returned by the previous page,
	// nil for the first page.
	Cookie []byte
}

// SearchResult is one page of a paged search. An empty Cookie marks the
// last page.
type SearchResult struct {
	Entries []Entry
	Cookie  []byte
}

// Directory is the LDAP server connection.
type Directory interface {
	Search(ctx context.Context, req SearchRequest) (SearchResult, error)
}

// pager fetches pages in the background, keeping up to ahead pages
// buffered so that the directory round trips overlap with applying changes.
type pager struct {
	dir   Directory
	req   SearchRequest
	ahead int

	mu      sync.Mutex
	cond    *sync.Cond
	queue   [][]Entry
	done    bool
	err     error
	stopped bool
}

func newPager(dir Directory, req SearchRequest, ahead int) *pager {
	if ahead < 1 {
		ahead = 1
	}
	p := &pager{dir: dir, req: req, ahead: ahead}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// run fetches pages until the search ends or the pager is stopped.
func (p *pager) run(ctx context.Context) {
	req := p.req
	for {
		p.mu.Lock()
		for len(p.queue) >= p.ahead && !p.stopped {
			p.cond.Wait()
		}
		if p.stopped {
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()

		res, err := p.dir.Search(ctx, req)

		p.mu.Lock()
		if err != nil {
			p.err = err
			p.done = true
		} else {
			p.queue = append(p.queue, res.Entries)
			p.done = len(res.Cookie) == 0
		}
		finished := p.done
		p.cond.Broadcast()
		p.mu.Unlock()
		if finished {
			return
		}
		req.Cookie = res.Cookie
	}
}

// next returns the next page of entries, io.EOF after the last page, or the
// error that ended the search.
func (p *pager) next() ([]Entry, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && !p.done && !p.stopped {
		p.cond.Wait()
	}
	if len(p.queue) > 0 {
		page := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.cond.Broadcast()
		return page, nil
	}
	if p.err != nil {
		return nil, p.err
	}
	return nil, io.EOF
}

// stop tells the fetch loop to finish; pages not yet consumed are dropped
// by the caller.
func (p *pager) stop() {
	p.mu.Lock()
	p.stopped = true
	p.cond.Broadcast()
	p.mu.Unlock()
}
