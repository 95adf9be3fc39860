package thumb

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"sync"

	// Register the decoders accepted for originals.
	_ "image/gif"
	_ "image/jpeg"
)

type job struct {
	r     io.Reader
	width int
	reply chan result
}

type result struct {
	png []byte
	err error
}

// pool runs renders on a fixed number of goroutines.
type pool struct {
	jobs chan job
	wg   sync.WaitGroup
	once sync.Once
}

func newPool(n int) *pool {
	p := &pool{jobs: make(chan job)}
	p.wg.Add(n)
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *pool) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		b, err := scale(j.r, j.width)
		j.reply <- result{png: b, err: err}
	}
}

// render queues a render and waits for it, or for ctx to end.
func (p *pool) render(ctx context.Context, r io.Reader, width int) ([]byte, error) {
	j := job{r: r, width: width, reply: make(chan result, 1)}
	select {
	case p.jobs <- j:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case res := <-j.reply:
		return res.png, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *pool) close() {
	p.once.Do(func() { close(p.jobs) })
	p.wg.Wait()
}

// scale decodes r and returns a nearest-neighbour copy width pixels wide.
func scale(r io.Reader, width int) ([]byte, error) {
	src, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	b := src.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 {
		return nil, fmt.Errorf("decode: empty image")
	}
	height := b.Dy() * width / b.Dx()
	if height == 0 {
		height = 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := 0; y < height; y++ {
		sy := b.Min.Y + y*b.Dy()/height
		for x := 0; x < width; x++ {
			dst.Set(x, y, src.At(b.Min.X+x*b.Dx()/width, sy))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}
