package thumbnail

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // register decoders for the formats we accept
	_ "image/jpeg"
	"image/png"
)

// Resizer scales an encoded image to fit within width x height and returns
// the encoded result.
type Resizer interface {
	Resize(src []byte, width, height int) ([]byte, error)
}

// NearestResizer is a dependency-free Resizer using nearest-neighbour
// sampling. It preserves the aspect ratio and always emits PNG.
type NearestResizer struct{}

// Resize implements Resizer.
func (NearestResizer) Resize(src []byte, width, height int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("decode source: %w", err)
	}
	b := img.Bounds()
	if b.Empty() {
		return nil, fmt.Errorf("decode source: empty image")
	}

	// Fit inside the requested box without upscaling.
	w, h := b.Dx(), b.Dy()
	if w > width {
		h = h * width / w
		w = width
	}
	if h > height {
		w = w * height / h
		h = height
	}
	if w < 1 {
		w = 1
	}
	if h < 1 {
		h = 1
	}

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		sy := b.Min.Y + y*b.Dy()/h
		for x := 0; x < w; x++ {
			sx := b.Min.X + x*b.Dx()/w
			dst.Set(x, y, img.At(sx, sy))
		}
	}

	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, fmt.Errorf("encode thumbnail: %w", err)
	}
	return out.Bytes(), nil
}
