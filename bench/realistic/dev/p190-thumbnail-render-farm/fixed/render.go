package thumbnail

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"path"
	"strings"

	// Register decoders for the formats accepted as originals.
	_ "image/gif"
	_ "image/png"
)

// render produces the thumbnail for req and uploads it to the sink. The
// encoder streams straight into the upload through a pipe so that large
// thumbnails are never held in memory twice.
func (s *Service) render(ctx context.Context, req Request) (Result, error) {
	rc, err := s.source.Open(ctx, req.Key)
	if err != nil {
		return Result{}, fmt.Errorf("open original: %w", err)
	}
	img, _, err := image.Decode(io.LimitReader(rc, s.cfg.MaxSourceBytes))
	rc.Close()
	if err != nil {
		return Result{}, fmt.Errorf("decode original: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}

	thumb := scaleToFit(img, req.MaxWidth, req.MaxHeight)
	key := thumbKey(req)

	pr, pw := io.Pipe()
	opts := &jpeg.Options{Quality: s.cfg.Quality}
	go func() {
		pw.CloseWithError(jpeg.Encode(pw, thumb, opts))
	}()
	if err := s.sink.Put(ctx, key, "image/jpeg", pr); err != nil {
		pr.CloseWithError(err)
		return Result{}, fmt.Errorf("store %s: %w", key, err)
	}

	b := thumb.Bounds()
	return Result{Key: key, Width: b.Dx(), Height: b.Dy()}, nil
}

// thumbKey derives the storage key of a thumbnail from its request, e.g.
// "photos/cat.png" at 200x200 becomes "photos/cat_200x200.jpg".
func thumbKey(req Request) string {
	dir, file := path.Split(req.Key)
	base := strings.TrimSuffix(file, path.Ext(file))
	return fmt.Sprintf("%s%s_%dx%d.jpg", dir, base, req.MaxWidth, req.MaxHeight)
}

// scaleToFit returns img scaled down, preserving its aspect ratio, so that
// it fits within maxW x maxH. Images that already fit are copied unscaled.
// Nearest-neighbour sampling is good enough for thumbnails and keeps the
// package free of dependencies.
func scaleToFit(img image.Image, maxW, maxH int) *image.RGBA {
	sb := img.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	w, h := sw, sh
	if w > maxW {
		h = h * maxW / w
		w = maxW
	}
	if h > maxH {
		w = w * maxH / h
		h = maxH
	}
	if w < 1 {
		w = 1
	}
	if h < 1 {
		h = 1
	}

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == sw && h == sh {
		draw.Draw(dst, dst.Bounds(), img, sb.Min, draw.Src)
		return dst
	}
	for y := 0; y < h; y++ {
		sy := sb.Min.Y + y*sh/h
		for x := 0; x < w; x++ {
			sx := sb.Min.X + x*sw/w
			dst.Set(x, y, img.At(sx, sy))
		}
	}
	return dst
}
