package thumbnail

import (
	"image"
	"image/color"
)

// fit scales (sw, sh) down to fit inside (maxW, maxH) keeping the aspect
// ratio. Images already smaller than the box are not enlarged.
func fit(sw, sh, maxW, maxH int) (int, int) {
	if sw <= maxW && sh <= maxH {
		return sw, sh
	}
	// Compare sw/maxW with sh/maxH without floating point.
	if sw*maxH >= sh*maxW {
		h := sh * maxW / sw
		if h < 1 {
			h = 1
		}
		return maxW, h
	}
	w := sw * maxH / sh
	if w < 1 {
		w = 1
	}
	return w, maxH
}

// resizeBox downsamples src to w x h by averaging every source pixel that
// falls into each destination pixel. It is slower than nearest neighbour but
// does not alias on photographs.
func resizeBox(src image.Image, w, h int) *image.NRGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0 := b.Min.Y + y*sh/h
		y1 := b.Min.Y + (y+1)*sh/h
		if y1 <= y0 {
			y1 = y0 + 1
		}
		for x := 0; x < w; x++ {
			x0 := b.Min.X + x*sw/w
			x1 := b.Min.X + (x+1)*sw/w
			if x1 <= x0 {
				x1 = x0 + 1
			}
			var r, g, bl, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA()
					r, g, bl, a = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca)
					n++
				}
			}
			dst.Set(x, y, color.RGBA64{
				R: uint16(r / n), G: uint16(g / n), B: uint16(bl / n), A: uint16(a / n),
			})
		}
	}
	return dst
}
