// Package backup snapshots a directory tree into content-addressed chunks and
// uploads the chunks to a store in parallel.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// ChunkStore persists chunks under their content hash.
type ChunkStore interface {
	Put(ctx context.Context, hash string, data []byte) error
}

// Manifest describes one snapshot: for each file (slash-separated, relative
// to the root) the ordered hashes of its chunks.
type Manifest struct {
	Root   string
	Files  map[string][]string
	Chunks int // distinct chunks uploaded
}

// Paths returns the files of the snapshot in lexical order.
func (m *Manifest) Paths() []string {
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

type config struct {
	chunkSize int
	parallel  int
}

// Option tunes a backup run.
type Option func(*config)

// WithChunkSize sets the maximum chunk size in bytes.
func WithChunkSize(n int) Option { return func(c *config) { c.chunkSize = n } }

// WithParallelism sets how many chunks are uploaded at once.
func WithParallelism(n int) Option { return func(c *config) { c.parallel = n } }

// Run snapshots every regular file under root and uploads its chunks to
// store. Chunks with identical content are uploaded once.
func Run(ctx context.Context, root string, store ChunkStore, opts ...Option) (*Manifest, error) {
	cfg := config{chunkSize: 1 << 20, parallel: 4}
	for _, o := range opts {
		o(&cfg)
	}
	m := &Manifest{Root: root, Files: make(map[string][]string)}
	up := newUploader(store, cfg.parallel)
	seen := make(map[string]bool)

	walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		hashes, err := chunkFile(path, cfg.chunkSize, func(hash string, data []byte) error {
			if seen[hash] {
				return nil
			}
			seen[hash] = true
			m.Chunks++
			return up.Submit(ctx, hash, data)
		})
		if err != nil {
			return fmt.Errorf("snapshot %s: %w", rel, err)
		}
		m.Files[filepath.ToSlash(rel)] = hashes
		return nil
	})
	upErr := up.Wait()
	if walkErr != nil {
		return nil, fmt.Errorf("backup %s: %w", root, walkErr)
	}
	if upErr != nil {
		return nil, fmt.Errorf("backup %s: %w", root, upErr)
	}
	return m, nil
}

// chunkFile reads path in pieces of at most size bytes and calls emit with the
// hash and contents of each piece. It returns the hashes in file order.
func chunkFile(path string, size int, emit func(hash string, data []byte) error) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	var hashes []string
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(f, buf)
		if n > 0 {
			sum := sha256.Sum256(buf[:n])
			h := hex.EncodeToString(sum[:])
			if err := emit(h, buf[:n]); err != nil {
				return nil, err
			}
			hashes = append(hashes, h)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return hashes, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
