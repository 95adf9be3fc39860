package proofing

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
)

// Face identifies one style of a font family at a given build.
type Face struct {
	Family     string
	Style      string
	Version    string
	UnitsPerEm int
}

// Key is a stable identifier for caching; a new build invalidates it.
func (f Face) Key() string {
	return fmt.Sprintf("%s-%s@%s", f.Family, f.Style, f.Version)
}

// Bitmap is a rasterized glyph at one pixel size.
type Bitmap struct {
	Width    int
	Height   int
	Advance  int
	BearingX int
	BearingY int
	Pix      []byte
}

// Rasterizer renders glyph outlines. Production uses the foundry's hinting
// rasterizer over gRPC; tests use an in-memory fake.
type Rasterizer interface {
	Rasterize(ctx context.Context, face Face, r rune, ppem int) (Bitmap, error)
}

// ErrNoGlyph is returned by a Rasterizer when the face has no glyph mapped
// for the code point. Proofs show .notdef boxes for those.
var ErrNoGlyph = errors.New("proofing: no glyph for code point")

type cacheKey struct {
	face string
	r    rune
	ppem int
}

type cacheEntry struct {
	key cacheKey
	bm  Bitmap
}

// glyphCache is a small LRU of rasterized glyphs shared by all proofs.
type glyphCache struct {
	mu    sync.Mutex
	max   int
	items map[cacheKey]*list.Element
	order *list.List
	hits  int
	miss  int
}

func newGlyphCache(max int) *glyphCache {
	return &glyphCache{
		max:   max,
		items: make(map[cacheKey]*list.Element),
		order: list.New(),
	}
}

func (c *glyphCache) get(k cacheKey) (Bitmap, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		c.miss++
		return Bitmap{}, false
	}
	c.hits++
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).bm, true
}

func (c *glyphCache) put(k cacheKey, bm Bitmap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		el.Value.(*cacheEntry).bm = bm
		c.order.MoveToFront(el)
		return
	}
	c.items[k] = c.order.PushFront(&cacheEntry{key: k, bm: bm})
	for c.max > 0 && c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
}

func (c *glyphCache) stats() (hits, misses, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.miss, c.order.Len()
}

// uniqueRunes returns the distinct non-space runes of s in first-seen order.
func uniqueRunes(s string) []rune {
	seen := make(map[rune]bool)
	var out []rune
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	return out
}
