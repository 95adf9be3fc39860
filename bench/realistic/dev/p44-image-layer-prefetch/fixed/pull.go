// Package pull downloads a container image: the layers of its manifest are
// fetched in parallel, then checked and applied strictly in order, because each
// layer is a diff on top of the ones below it.
package pull

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Layer is one entry of a manifest.
type Layer struct {
	Digest    string // "sha256:<hex>"
	Size      int64
	MediaType string
}

// Manifest lists an image's layers, bottom first.
type Manifest struct {
	Repo   string
	Tag    string
	Layers []Layer
}

// Registry serves blobs by digest.
type Registry interface {
	Blob(ctx context.Context, repo, digest string) ([]byte, error)
}

// Applier unpacks a layer onto the image being assembled.
type Applier interface {
	Apply(layer Layer, blob []byte) error
}

// ErrDigestMismatch is returned when a blob does not hash to its digest.
var ErrDigestMismatch = errors.New("pull: digest mismatch")

// Puller pulls images from one registry.
type Puller struct {
	reg     Registry
	maxSize int64
}

// New makes a Puller; layers bigger than maxSize bytes are refused (0: no limit).
func New(reg Registry, maxSize int64) *Puller {
	return &Puller{reg: reg, maxSize: maxSize}
}

type fetched struct {
	blob []byte
	err  error
}

// Pull fetches every layer of m and applies them in order.
func (p *Puller) Pull(ctx context.Context, m Manifest, dst Applier) error {
	if len(m.Layers) == 0 {
		return fmt.Errorf("pull %s:%s: manifest has no layers", m.Repo, m.Tag)
	}
	for _, l := range m.Layers {
		if p.maxSize > 0 && l.Size > p.maxSize {
			return fmt.Errorf("pull %s:%s: layer %s is %d bytes, over the %d limit", m.Repo, m.Tag, l.Digest, l.Size, p.maxSize)
		}
	}

	results := make([]chan fetched, len(m.Layers))
	for i, l := range m.Layers {
		results[i] = make(chan fetched, 1) // never blocks, even if Pull stops early
		go func(i int, l Layer) {
			blob, err := p.reg.Blob(ctx, m.Repo, l.Digest)
			results[i] <- fetched{blob: blob, err: err}
		}(i, l)
	}

	for i, l := range m.Layers {
		r := <-results[i]
		if r.err != nil {
			return fmt.Errorf("pull %s:%s: layer %d: %w", m.Repo, m.Tag, i, r.err)
		}
		if err := verify(l, r.blob); err != nil {
			return fmt.Errorf("pull %s:%s: layer %d: %w", m.Repo, m.Tag, i, err)
		}
		if err := dst.Apply(l, r.blob); err != nil {
			return fmt.Errorf("pull %s:%s: apply layer %d: %w", m.Repo, m.Tag, i, err)
		}
	}
	return nil
}

func verify(l Layer, blob []byte) error {
	algo, want, ok := strings.Cut(l.Digest, ":")
	if !ok || algo != "sha256" {
		return fmt.Errorf("pull: unsupported digest %q", l.Digest)
	}
	if int64(len(blob)) != l.Size {
		return fmt.Errorf("%w: %s: got %d bytes, want %d", ErrDigestMismatch, l.Digest, len(blob), l.Size)
	}
	sum := sha256.Sum256(blob)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("%w: %s: content hashes to %s", ErrDigestMismatch, l.Digest, got)
	}
	return nil
}

// Digest returns the digest of blob, for building manifests.
func Digest(blob []byte) string {
	sum := sha256.Sum256(blob)
	return "sha256:" + hex.EncodeToString(sum[:])
}
