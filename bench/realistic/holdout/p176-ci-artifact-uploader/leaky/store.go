// Package artifacts uploads build artifacts from a CI agent to artifact
// storage using the storage service's multipart API.
//
// The artifact is read sequentially (it is often a tarball produced on the
// fly), cut into fixed-size parts and uploaded by a small pool of workers.
// Failed parts are retried with backoff; if a part cannot be uploaded the
// whole upload is aborted so the storage service can reclaim the parts.
// Progress is reported to an optional callback, typically wired to the
// job log.
package artifacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// CompletedPart identifies an uploaded part when completing an upload.
type CompletedPart struct {
	Number int
	ETag   string
}

// Store is the artifact storage multipart API.
type Store interface {
	CreateUpload(ctx context.Context, name string) (uploadID string, err error)
	UploadPart(ctx context.Context, uploadID string, number int, data []byte, sha256Hex string) (etag string, err error)
	CompleteUpload(ctx context.Context, uploadID string, parts []CompletedPart) error
	AbortUpload(ctx context.Context, uploadID string) error
}

// Progress is reported after each part is stored.
type Progress struct {
	Artifact  string
	PartsDone int
	BytesSent int64
}

// ErrEmptyArtifact is returned when the artifact has no content.
var ErrEmptyArtifact = errors.New("artifacts: artifact is empty")

// PartError describes a part that could not be uploaded.
type PartError struct {
	Number   int
	Attempts int
	Err      error
}

func (e *PartError) Error() string {
	return fmt.Sprintf("part %d failed after %d attempts: %v", e.Number, e.Attempts, e.Err)
}

func (e *PartError) Unwrap() error { return e.Err }

func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ExponentialBackoff returns base * 2^(attempt-1), capped at limit.
func ExponentialBackoff(base, limit time.Duration) func(attempt int) time.Duration {
	return func(attempt int) time.Duration {
		d := base
		for i := 1; i < attempt && d < limit; i++ {
			d *= 2
		}
		if d > limit {
			d = limit
		}
		return d
	}
}
