package microfilm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Config controls an Indexer.
type Config struct {
	// Workers is the number of frames recognised concurrently.
	Workers int
	// MinConfidence flags entries below it for manual review.
	MinConfidence float64
	// MaxUnreadable is the number of unreadable frames tolerated per reel.
	MaxUnreadable int
	// MaxKeywords bounds the keywords stored per entry.
	MaxKeywords int
	// StopWords are added to the built-in list.
	StopWords []string
	Logger    Logger
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.MinConfidence == 0 {
		c.MinConfidence = 0.6
	}
	if c.MaxKeywords <= 0 {
		c.MaxKeywords = 8
	}
	if c.Logger == nil {
		c.Logger = discard{}
	}
	return c
}

// Indexer reads microfilm reels frame by frame, runs OCR on each frame and
// writes a finding-aid entry to the catalog.
type Indexer struct {
	cfg  Config
	ocr  Recognizer
	cat  Catalog
	stop map[string]struct{}
}

// New returns an Indexer using ocr for recognition and cat for storage.
func New(ocr Recognizer, cat Catalog, cfg Config) (*Indexer, error) {
	if ocr == nil || cat == nil {
		return nil, errors.New("microfilm: recognizer and catalog are required")
	}
	cfg = cfg.withDefaults()
	if cfg.MinConfidence < 0 || cfg.MinConfidence > 1 {
		return nil, fmt.Errorf("microfilm: min confidence %.2f out of range", cfg.MinConfidence)
	}
	if cfg.MaxUnreadable < 0 {
		return nil, fmt.Errorf("microfilm: negative unreadable limit %d", cfg.MaxUnreadable)
	}
	stop := make(map[string]struct{}, len(defaultStopWords)+len(cfg.StopWords))
	for _, w := range append(append([]string(nil), defaultStopWords...), cfg.StopWords...) {
		stop[strings.ToLower(w)] = struct{}{}
	}
	return &Indexer{cfg: cfg, ocr: ocr, cat: cat, stop: stop}, nil
}

type tally struct {
	mu sync.Mutex
	r  Report
}

func (t *tally) read() {
	t.mu.Lock()
	t.r.Read++
	t.mu.Unlock()
}

func (t *tally) unreadable(frame int) {
	t.mu.Lock()
	t.r.Unreadable = append(t.r.Unreadable, frame)
	t.mu.Unlock()
}

func (t *tally) indexed(frame int, review bool) {
	t.mu.Lock()
	t.r.Indexed++
	if review {
		t.r.Review = append(t.r.Review, frame)
	}
	t.mu.Unlock()
}

func (t *tally) failed(frame int, err error) {
	t.mu.Lock()
	t.r.Failed[frame] = err
	t.mu.Unlock()
}

func (t *tally) snapshot() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.r
	r.Review = append([]int(nil), t.r.Review...)
	sort.Ints(r.Review)
	r.Unreadable = append([]int(nil), t.r.Unreadable...)
	r.Failed = make(map[int]error, len(t.r.Failed))
	for k, v := range t.r.Failed {
		r.Failed[k] = v
	}
	return r
}

// IndexReel indexes every frame of one reel. Frames that fail recognition
// or storage are listed in the report; the reel as a whole fails when the
// source fails or too many frames are unreadable.
func (ix *Indexer) IndexReel(ctx context.Context, reel string, src FrameSource) (Report, error) {
	t := &tally{r: Report{Reel: reel, Failed: make(map[int]error)}}
	frames := make(chan Frame)

	var wg sync.WaitGroup
	for i := 0; i < ix.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix.worker(ctx, frames, t)
		}()
	}
	finish := func(err error) (Report, error) {
		close(frames)
		wg.Wait()
		return t.snapshot(), err
	}

	unreadable := 0
	for {
		f, err := src.Next(ctx)
		switch {
		case errors.Is(err, io.EOF):
			rep, _ := finish(nil)
			ix.cfg.Logger.Printf("reel %s: %d frames read, %d indexed, %d for review, %d failed",
				reel, rep.Read, rep.Indexed, len(rep.Review), len(rep.Failed))
			return rep, nil
		case errors.Is(err, ErrUnreadable):
			unreadable++
			t.unreadable(f.Number)
			ix.cfg.Logger.Printf("reel %s: frame %d unreadable (%d so far)", reel, f.Number, unreadable)
			if unreadable > ix.cfg.MaxUnreadable {
				return finish(fmt.Errorf("%w: %s has %d unreadable frames (limit %d)",
					ErrReelDamaged, reel, unreadable, ix.cfg.MaxUnreadable))
			}
			continue
		case err != nil:
			return finish(fmt.Errorf("microfilm: reading reel %s: %w", reel, err))
		}

		t.read()
		select {
		case frames <- f:
		case <-ctx.Done():
			return finish(ctx.Err())
		}
	}
}

func (ix *Indexer) worker(ctx context.Context, frames <-chan Frame, t *tally) {
	for f := range frames {
		e, err := ix.describe(ctx, f)
		if err != nil {
			ix.cfg.Logger.Printf("frame %s: %v", f, err)
			t.failed(f.Number, err)
			continue
		}
		if err := ix.cat.Put(ctx, e); err != nil {
			t.failed(f.Number, fmt.Errorf("catalog: %w", err))
			continue
		}
		t.indexed(f.Number, e.NeedsReview)
	}
}

func (ix *Indexer) describe(ctx context.Context, f Frame) (Entry, error) {
	text, conf, err := ix.ocr.Recognize(ctx, f.Image)
	if err != nil {
		return Entry{}, fmt.Errorf("ocr: %w", err)
	}
	e := Entry{
		Reel:       f.Reel,
		Frame:      f.Number,
		Title:      title(text),
		Year:       year(text),
		Keywords:   keywords(text, ix.stop, ix.cfg.MaxKeywords),
		Confidence: conf,
	}
	e.NeedsReview = conf < ix.cfg.MinConfidence || e.Title == ""
	return e, nil
}
