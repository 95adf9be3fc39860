// Package artifactcache implements a content-addressed cache for build
// artifacts. Artifacts are kept in a bounded in-memory LRU and replicated to a
// remote blob store so that other builders can reuse them.
package artifactcache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Digest identifies an artifact by the SHA-256 of its content, in the form
// "sha256:<hex>".
type Digest string

const digestPrefix = "sha256:"

// ErrInvalidDigest is returned when a digest string is malformed.
var ErrInvalidDigest = errors.New("artifactcache: invalid digest")

// ErrDigestMismatch is returned when content does not hash to the digest it
// was stored or fetched under.
var ErrDigestMismatch = errors.New("artifactcache: digest mismatch")

// ComputeDigest returns the digest of data.
func ComputeDigest(data []byte) Digest {
	sum := sha256.Sum256(data)
	return Digest(digestPrefix + hex.EncodeToString(sum[:]))
}

// ParseDigest validates s and returns it as a Digest.
func ParseDigest(s string) (Digest, error) {
	if !strings.HasPrefix(s, digestPrefix) {
		return "", fmt.Errorf("%w: %q lacks %q prefix", ErrInvalidDigest, s, digestPrefix)
	}
	h := strings.TrimPrefix(s, digestPrefix)
	if len(h) != sha256.Size*2 {
		return "", fmt.Errorf("%w: %q has wrong length", ErrInvalidDigest, s)
	}
	if _, err := hex.DecodeString(h); err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrInvalidDigest, s, err)
	}
	return Digest(s), nil
}

// Short returns an abbreviated form of the digest for logs.
func (d Digest) Short() string {
	s := strings.TrimPrefix(string(d), digestPrefix)
	if len(s) > 12 {
		s = s[:12]
	}
	return s
}

// verify reports whether data hashes to d.
func (d Digest) verify(data []byte) error {
	if got := ComputeDigest(data); got != d {
		return fmt.Errorf("%w: want %s, got %s", ErrDigestMismatch, d.Short(), got.Short())
	}
	return nil
}
