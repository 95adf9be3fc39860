// Package multipart uploads large objects to an S3-style object store using
// multipart uploads, sending several parts in parallel and aborting the
// upload on failure so no orphaned parts are left behind.
package multipart

import (
	"context"
	"errors"
	"fmt"
)

// ObjectStore is the subset of an S3-style API the uploader needs.
type ObjectStore interface {
	// CreateMultipartUpload starts an upload and returns its ID.
	CreateMultipartUpload(ctx context.Context, bucket, key string, meta map[string]string) (string, error)
	// UploadPart stores one part (numbered from 1) and returns its ETag.
	UploadPart(ctx context.Context, bucket, key, uploadID string, number int, body []byte) (string, error)
	// CompleteMultipartUpload assembles the parts, which must be sorted by number.
	CompleteMultipartUpload(ctx context.Context, bucket, key, uploadID string, parts []CompletedPart) error
	// AbortMultipartUpload discards the upload and every part stored so far.
	AbortMultipartUpload(ctx context.Context, bucket, key, uploadID string) error
}

// CompletedPart identifies an uploaded part.
type CompletedPart struct {
	Number int
	ETag   string
}

// StoreError is an error response from the object store.
type StoreError struct {
	Code       string
	StatusCode int
	Message    string
}

func (e *StoreError) Error() string {
	return fmt.Sprintf("%s (%d): %s", e.Code, e.StatusCode, e.Message)
}

// Retryable reports whether the request may succeed if sent again.
func (e *StoreError) Retryable() bool {
	return e.StatusCode >= 500 || e.StatusCode == 429 || e.Code == "RequestTimeout"
}

// ErrTooManyParts is returned when the source needs more parts than the store
// accepts at the configured part size.
var ErrTooManyParts = errors.New("multipart: too many parts")

// UploadError describes a failed upload.
type UploadError struct {
	Key      string
	UploadID string
	// AbortErr is set if the upload could not be aborted either; the parts
	// may then need to be cleaned up by a lifecycle rule.
	AbortErr error
	Err      error
}

func (e *UploadError) Error() string {
	msg := fmt.Sprintf("multipart: upload %s of %q failed: %v", e.UploadID, e.Key, e.Err)
	if e.AbortErr != nil {
		msg += fmt.Sprintf(" (abort also failed: %v)", e.AbortErr)
	}
	return msg
}

func (e *UploadError) Unwrap() error { return e.Err }

func isRetryable(err error) bool {
	var r interface{ Retryable() bool }
	return errors.As(err, &r) && r.Retryable()
}
