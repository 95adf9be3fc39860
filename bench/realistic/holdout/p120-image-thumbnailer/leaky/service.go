// Package thumbnail turns uploaded images into fixed-size thumbnails. Uploads
// are decoded with the standard library codecs, resized on a bounded worker
// pool and the encoded results are kept in a cache keyed by upload and size.
package thumbnail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for accepted upload formats
	_ "image/jpeg"
	"image/png"
	"io"
	"strconv"
)

// Errors returned by Service.
var (
	ErrTooLarge    = errors.New("thumbnail: upload too large")
	ErrBadSpec     = errors.New("thumbnail: invalid size")
	ErrUnsupported = errors.New("thumbnail: unsupported image")
)

// Uploads gives access to the original uploaded files.
type Uploads interface {
	Open(ctx context.Context, uploadID string) (io.ReadCloser, error)
}

// Cache stores encoded thumbnails. Put must consume r until EOF or return
// an error.
type Cache interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Put(ctx context.Context, key string, r io.Reader) error
}

// Spec is the requested bounding box. The aspect ratio is preserved.
type Spec struct {
	Width, Height int
}

// Thumb is a generated or cached thumbnail.
type Thumb struct {
	Key    string
	PNG    []byte
	Cached bool
}

// Config tunes the service. Zero values select defaults.
type Config struct {
	Workers       int   // resize workers, default 4
	QueueSize     int   // pending resize jobs, default 16
	MaxUploadSize int64 // bytes, default 20 MiB
	MaxPixels     int   // decoded width*height, default 40 MP
	MaxEdge       int   // largest thumbnail edge, default 1024
}

func (c *Config) defaults() {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 16
	}
	if c.MaxUploadSize <= 0 {
		c.MaxUploadSize = 20 << 20
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = 40_000_000
	}
	if c.MaxEdge <= 0 {
		c.MaxEdge = 1024
	}
}

// Service generates thumbnails. It is safe for concurrent use.
type Service struct {
	cfg     Config
	uploads Uploads
	cache   Cache
	pool    *pool
	encoder png.Encoder
}

// New starts a Service with its resize pool. Call Close to stop the pool.
func New(cfg Config, uploads Uploads, cache Cache) *Service {
	cfg.defaults()
	return &Service{
		cfg:     cfg,
		uploads: uploads,
		cache:   cache,
		pool:    newPool(cfg.Workers, cfg.QueueSize),
		encoder: png.Encoder{CompressionLevel: png.BestSpeed},
	}
}

// Close stops the resize workers after in-flight jobs finish.
func (s *Service) Close() { s.pool.close() }

// Thumbnail returns the thumbnail of uploadID that fits in spec, generating
// and caching it on first request.
func (s *Service) Thumbnail(ctx context.Context, uploadID string, spec Spec) (Thumb, error) {
	if spec.Width <= 0 || spec.Height <= 0 || spec.Width > s.cfg.MaxEdge || spec.Height > s.cfg.MaxEdge {
		return Thumb{}, fmt.Errorf("%w: %dx%d", ErrBadSpec, spec.Width, spec.Height)
	}
	key := cacheKey(uploadID, spec)
	if data, ok, err := s.cache.Get(ctx, key); err != nil {
		return Thumb{}, fmt.Errorf("thumbnail: cache lookup %s: %w", key, err)
	} else if ok {
		return Thumb{Key: key, PNG: data, Cached: true}, nil
	}

	src, err := s.decode(ctx, uploadID)
	if err != nil {
		return Thumb{}, err
	}
	w, h := fit(src.Bounds().Dx(), src.Bounds().Dy(), spec.Width, spec.Height)
	dst, err := s.pool.resize(ctx, src, w, h)
	if err != nil {
		return Thumb{}, fmt.Errorf("thumbnail: resize %s: %w", uploadID, err)
	}
	data, err := s.store(ctx, key, dst)
	if err != nil {
		return Thumb{}, err
	}
	return Thumb{Key: key, PNG: data}, nil
}

// decode reads and decodes an upload, rejecting oversized files and images
// before their pixels are allocated.
func (s *Service) decode(ctx context.Context, uploadID string) (image.Image, error) {
	rc, err := s.uploads.Open(ctx, uploadID)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: open upload %s: %w", uploadID, err)
	}
	defer rc.Close()

	raw, err := io.ReadAll(io.LimitReader(rc, s.cfg.MaxUploadSize+1))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: read upload %s: %w", uploadID, err)
	}
	if int64(len(raw)) > s.cfg.MaxUploadSize {
		return nil, fmt.Errorf("%w: %s exceeds %d bytes", ErrTooLarge, uploadID, s.cfg.MaxUploadSize)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrUnsupported, uploadID, err)
	}
	if cfg.Width*cfg.Height > s.cfg.MaxPixels {
		return nil, fmt.Errorf("%w: %s is %dx%d", ErrTooLarge, uploadID, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("thumbnail: decode %s %s: %w", format, uploadID, err)
	}
	return img, nil
}

// store encodes img as PNG and streams it into the cache, returning the
// encoded bytes for the caller's response.
func (s *Service) store(ctx context.Context, key string, img image.Image) ([]byte, error) {
	pr, pw := io.Pipe()
	go func() {
		err := s.encoder.Encode(pw, img) // leak: nobody reads the pipe once Put gives up
		pw.CloseWithError(err)
	}()

	var buf bytes.Buffer
	if err := s.cache.Put(ctx, key, io.TeeReader(pr, &buf)); err != nil {
		return nil, fmt.Errorf("thumbnail: cache store %s: %w", key, err)
	}
	return buf.Bytes(), nil
}

// cacheKey derives a stable, path-safe key for an upload at a given size.
func cacheKey(uploadID string, spec Spec) string {
	sum := sha256.Sum256([]byte(uploadID))
	return hex.EncodeToString(sum[:12]) + "_" + strconv.Itoa(spec.Width) + "x" + strconv.Itoa(spec.Height) + ".png"
}
