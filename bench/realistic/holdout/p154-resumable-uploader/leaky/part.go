package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"strconv"
	"time"
)

// part is a byte range of the source.
type part struct {
	number int // 1-based, as storage services number them
	offset int64
	size   int64
}

func splitParts(size, partSize int64) []part {
	var parts []part
	for off, n := int64(0), 1; off < size; off, n = off+partSize, n+1 {
		sz := partSize
		if rem := size - off; rem < sz {
			sz = rem
		}
		parts = append(parts, part{number: n, offset: off, size: sz})
	}
	return parts
}

// uploadPart uploads p, retrying retryable failures with exponential backoff.
func (u *Uploader) uploadPart(ctx context.Context, uploadID string, src io.ReaderAt, p part) (PartInfo, error) {
	sum, err := checksum(io.NewSectionReader(src, p.offset, p.size))
	if err != nil {
		return PartInfo{}, fmt.Errorf("part %d: checksum: %w", p.number, err)
	}

	delay := u.cfg.Backoff
	var lastErr error
	for attempt := 1; attempt <= u.cfg.MaxAttempts; attempt++ {
		if attempt > 1 && delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return PartInfo{}, fmt.Errorf("part %d: %w", p.number, ctx.Err())
			}
			delay *= 2
		}

		etag, err := u.sendPart(ctx, uploadID, src, p, sum)
		if err == nil {
			return PartInfo{Number: p.number, ETag: etag, SHA256: sum}, nil
		}
		var re *RetryableError
		if !errors.As(err, &re) {
			return PartInfo{}, fmt.Errorf("part %d: %w", p.number, err)
		}
		lastErr = err
	}
	return PartInfo{}, fmt.Errorf("part %d: gave up after %d attempts: %w", p.number, u.cfg.MaxAttempts, lastErr)
}

// sendPart streams one attempt at p to the service as a multipart form, so
// that large parts are never held in memory.
func (u *Uploader) sendPart(ctx context.Context, uploadID string, src io.ReaderAt, p part, sum string) (string, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		section := io.NewSectionReader(src, p.offset, p.size)
		pw.CloseWithError(writeForm(mw, p, sum, section))
	}()

	return u.client.UploadPart(ctx, PartRequest{
		UploadID:    uploadID,
		Number:      p.number,
		Size:        p.size,
		SHA256:      sum,
		ContentType: mw.FormDataContentType(),
		Body:        pr,
	})
}

// writeForm writes the part's metadata fields followed by its data.
func writeForm(mw *multipart.Writer, p part, sum string, data io.Reader) error {
	if err := mw.WriteField("part", strconv.Itoa(p.number)); err != nil { // leak: nobody reads or closes pr after a failed attempt
		return err
	}
	if err := mw.WriteField("sha256", sum); err != nil {
		return err
	}
	fw, err := mw.CreateFormFile("data", fmt.Sprintf("part-%05d", p.number))
	if err != nil {
		return err
	}
	if _, err := io.Copy(fw, data); err != nil {
		return err
	}
	return mw.Close()
}

func checksum(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
