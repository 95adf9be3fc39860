package shield

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

const sniffLen = 512

var signatures = []struct {
	prefix      []byte
	contentType string
}{
	{[]byte("\xff\xd8\xff"), "image/jpeg"},
	{[]byte("\x89PNG\r\n\x1a\n"), "image/png"},
	{[]byte("GIF87a"), "image/gif"},
	{[]byte("GIF89a"), "image/gif"},
}

// sniff returns the image content type of head, or "" if head is not a known image.
func sniff(head []byte) string {
	for _, sig := range signatures {
		if bytes.HasPrefix(head, sig.prefix) {
			return sig.contentType
		}
	}
	if len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return "image/webp"
	}
	return ""
}

// load fetches key from the origin, checks that it is an image and reads it whole.
func (s *Shield) load(ctx context.Context, key string) (*Object, error) {
	r := openStream(ctx, s.origin, key)

	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("shield: fetch %s: %w", key, err)
	}
	head = head[:n]

	ct := sniff(head)
	if ct == "" {
		return nil, fmt.Errorf("%w: %s", ErrNotImage, key)
	}

	body := io.MultiReader(bytes.NewReader(head), r)
	data, err := io.ReadAll(io.LimitReader(body, s.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("shield: fetch %s: %w", key, err)
	}
	if int64(len(data)) > s.maxBytes {
		r.CloseWithError(ErrTooLarge)
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, key)
	}
	return &Object{Key: key, ContentType: ct, Body: data}, nil
}
