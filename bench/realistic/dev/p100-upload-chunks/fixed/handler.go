// Package upload implements an HTTP endpoint that accepts a file, splits it
// into fixed-size chunks, hashes and stores the chunks concurrently, and
// answers with a manifest listing the chunk digests in order.
package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// Manifest describes a stored upload.
type Manifest struct {
	Name   string   `json:"name"`
	Size   int64    `json:"size"`
	Chunks []string `json:"chunks"`
}

// Option configures a Handler.
type Option func(*Handler)

// WithChunkSize sets the size of the pieces an upload is split into.
func WithChunkSize(n int) Option { return func(h *Handler) { h.chunkSize = n } }

// WithWorkers sets how many chunks are hashed and stored at once.
func WithWorkers(n int) Option { return func(h *Handler) { h.workers = n } }

// Handler serves PUT /<name> uploads.
type Handler struct {
	store     Store
	chunkSize int
	workers   int
}

// NewHandler returns a handler that writes chunks to store.
func NewHandler(store Store, opts ...Option) *Handler {
	h := &Handler{store: store, chunkSize: 1 << 20, workers: 4}
	for _, o := range opts {
		o(h)
	}
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		w.Header().Set("Allow", http.MethodPut)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		http.Error(w, "missing file name", http.StatusBadRequest)
		return
	}
	m, err := h.upload(r.Context(), name, r.Body)
	if err != nil {
		code := http.StatusInternalServerError
		if errors.Is(err, ErrUnavailable) {
			code = http.StatusServiceUnavailable
		}
		http.Error(w, err.Error(), code)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(m)
}

type stored struct {
	index  int
	size   int
	digest string
	err    error
}

// upload stores body chunk by chunk and builds its manifest.
func (h *Handler) upload(ctx context.Context, name string, body io.Reader) (*Manifest, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	chunks, sp := split(ctx, body, h.chunkSize)
	results := make(chan stored)
	var wg sync.WaitGroup
	for i := 0; i < h.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				sum := sha256.Sum256(c.data)
				d := hex.EncodeToString(sum[:])
				err := h.store.Put(ctx, d, c.data)
				select {
				case results <- stored{index: c.index, size: len(c.data), digest: d, err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	m := &Manifest{Name: name}
	for r := range results {
		if r.err != nil {
			return nil, fmt.Errorf("upload %s: chunk %d: %w", name, r.index, r.err)
		}
		for len(m.Chunks) <= r.index {
			m.Chunks = append(m.Chunks, "")
		}
		m.Chunks[r.index] = r.digest
		m.Size += int64(r.size)
	}
	if err := sp.Err(); err != nil {
		return nil, fmt.Errorf("upload %s: %w", name, err)
	}
	return m, nil
}
