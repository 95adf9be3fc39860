package blobup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
)

// Digest is the lowercase hex SHA-256 of a blob's contents. Blobs are
// addressed by digest, so identical chunks are stored only once.
type Digest string

// DigestOf computes the digest of data.
func DigestOf(data []byte) Digest {
	sum := sha256.Sum256(data)
	return Digest(hex.EncodeToString(sum[:]))
}

// Short returns an abbreviated digest for log and error messages.
func (d Digest) Short() string {
	if len(d) > 12 {
		return string(d[:12])
	}
	return string(d)
}

// BlobStore is the remote content-addressed store.
type BlobStore interface {
	// Has reports whether a blob with digest d is already stored.
	Has(ctx context.Context, d Digest) (bool, error)
	// Put stores data under digest d. Storing an existing digest is not an
	// error.
	Put(ctx context.Context, d Digest, data []byte) error
}

// ChunkRef locates one chunk of a file inside the store.
type ChunkRef struct {
	Digest Digest
	Offset int64
	Size   int
}

// Manifest describes how to reassemble an uploaded file from its chunks.
type Manifest struct {
	Name   string
	Size   int64
	Chunks []ChunkRef
	// Uploaded counts chunks that were sent to the store; Deduplicated
	// counts chunks that were already present or repeated within the file.
	Uploaded     int
	Deduplicated int
}
