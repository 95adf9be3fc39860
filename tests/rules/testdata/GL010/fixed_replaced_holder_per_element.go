package fixedreplacedholderperelement

import (
	"errors"
	"time"
)

// Bucket refills its tokens from a goroutine until Close.
type Bucket struct {
	tokens chan struct{}
	quit   chan struct{}
}

func NewBucket(every time.Duration) *Bucket {
	b := &Bucket{tokens: make(chan struct{}, 1), quit: make(chan struct{})}
	go b.loop(every)
	return b
}

func (b *Bucket) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case b.tokens <- struct{}{}:
			default:
			}
		case <-b.quit:
			return
		}
	}
}

func (b *Bucket) Close() { close(b.quit) }

// Shape throttles the requests whose URL matches.
type Shape struct {
	URL    string
	Bucket *Bucket
}

// Prepare gives each shape a bucket of its own: every round fills the field of the
// next shape, none is overwritten (PER_ELEMENT).
func Prepare(shapes []*Shape) error {
	for _, shape := range shapes {
		if shape.URL == "" {
			return errors.New("shape without a URL")
		}
		shape.Bucket = NewBucket(time.Second)
	}
	return nil
}

// Release stops the bucket of every shape.
func Release(shapes []*Shape) {
	for _, shape := range shapes {
		if shape.Bucket != nil {
			shape.Bucket.Close()
		}
	}
}
