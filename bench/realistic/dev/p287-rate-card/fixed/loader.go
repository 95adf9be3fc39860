package rating

import (
	"context"
	"fmt"
	"io"
)

// BlobStore is the storage that holds published rate cards. Download streams
// the object stored under key into w; it is how most object-store SDKs expose
// ranged, retried downloads.
type BlobStore interface {
	Download(ctx context.Context, key string, w io.Writer) error
}

// Loader fetches and parses rate cards from a BlobStore. Cards can be large
// (hundreds of thousands of prefixes), so they are parsed while they stream
// rather than buffered in memory first.
type Loader struct {
	store BlobStore
}

// NewLoader returns a Loader reading from store.
func NewLoader(store BlobStore) *Loader {
	return &Loader{store: store}
}

// Load downloads and parses the rate card stored under key.
func (l *Loader) Load(ctx context.Context, key string) (*RateCard, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		err := l.store.Download(ctx, key, pw)
		pw.CloseWithError(err)
	}()

	card, err := ParseCard(pr)
	if err != nil {
		return nil, fmt.Errorf("load rate card %q: %w", key, err)
	}
	card.Key = key
	return card, nil
}
