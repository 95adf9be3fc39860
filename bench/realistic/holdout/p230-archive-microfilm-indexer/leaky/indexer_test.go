package microfilm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scannedFrame struct {
	text string
	bad  bool
}

type fakeScanner struct {
	reel   string
	frames []scannedFrame
	pos    int
}

func (s *fakeScanner) Next(ctx context.Context) (Frame, error) {
	if err := ctx.Err(); err != nil {
		return Frame{}, err
	}
	if s.pos >= len(s.frames) {
		return Frame{}, io.EOF
	}
	sf := s.frames[s.pos]
	s.pos++
	f := Frame{Reel: s.reel, Number: s.pos}
	if sf.bad {
		return f, ErrUnreadable
	}
	f.Image = []byte(sf.text)
	return f, nil
}

type fakeOCR struct{}

func (fakeOCR) Recognize(ctx context.Context, image []byte) (string, float64, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return "", 0, ctx.Err()
	}
	text := string(image)
	if strings.Contains(text, "~") {
		return strings.ReplaceAll(text, "~", ""), 0.41, nil
	}
	return text, 0.93, nil
}

type memCatalog struct {
	mu      sync.Mutex
	entries map[string]Entry
}

func (c *memCatalog) Put(_ context.Context, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]Entry)
	}
	c.entries[fmt.Sprintf("%s/%04d", e.Reel, e.Frame)] = e
	return nil
}

func gazette(n int, bad ...int) []scannedFrame {
	isBad := make(map[int]bool, len(bad))
	for _, b := range bad {
		isBad[b] = true
	}
	out := make([]scannedFrame, n)
	for i := range out {
		if isBad[i+1] {
			out[i] = scannedFrame{bad: true}
			continue
		}
		out[i] = scannedFrame{text: fmt.Sprintf(
			"HARBOUR GAZETTE\nNo. %d, March %d, 1923\nShipping arrivals and harbour dues for the week; the steamer Aurora docked with timber.",
			400+i, i+1)}
	}
	return out
}

func TestIndexReels(t *testing.T) {
	defer goleak.VerifyNone(t)

	cat := &memCatalog{}
	ix, err := New(fakeOCR{}, cat, Config{
		Workers:       4,
		MaxUnreadable: 2,
		StopWords:     []string{"harbour"},
		Logger:        log.New(os.Stderr, "indexer ", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	good := gazette(12, 6)
	good[2].text = "~faded~ notice of sale"
	rep, err := ix.IndexReel(ctx, "MF-1923-014", &fakeScanner{reel: "MF-1923-014", frames: good})
	if err != nil {
		t.Fatalf("good reel: %v", err)
	}
	if rep.Read != 11 || rep.Indexed != 11 || len(rep.Unreadable) != 1 || len(rep.Failed) != 0 {
		t.Errorf("good reel report: %+v", rep)
	}
	if len(rep.Review) != 1 || rep.Review[0] != 3 {
		t.Errorf("review list: %v, want [3]", rep.Review)
	}
	e := cat.entries["MF-1923-014/0001"]
	if e.Title != "HARBOUR GAZETTE" || e.Year != 1923 {
		t.Errorf("entry 1: %+v", e)
	}

	scratched := &fakeScanner{reel: "MF-1923-015", frames: gazette(20, 4, 7, 9, 15)}
	rep, err = ix.IndexReel(ctx, "MF-1923-015", scratched)
	if !errors.Is(err, ErrReelDamaged) {
		t.Fatalf("scratched reel: got %v, want ErrReelDamaged", err)
	}
	if len(rep.Unreadable) != 3 {
		t.Errorf("scratched reel unreadable frames: %v", rep.Unreadable)
	}
}
