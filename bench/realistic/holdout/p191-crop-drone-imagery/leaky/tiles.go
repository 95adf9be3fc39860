package imagery

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sync"
)

// tileMagic starts every encoded tile.
const tileMagic = "DTL1"

// call is one in-progress download that other callers can wait on.
type call struct {
	done chan struct{}
	tile *Tile
	err  error
}

// tileCache downloads and decodes tiles, keeping the most recent ones in
// memory and sharing in-progress downloads between callers.
type tileCache struct {
	store   TileStore
	metrics Metrics
	limit   int

	mu       sync.Mutex
	tiles    map[TileKey]*Tile
	order    []TileKey // insertion order, for eviction
	inflight map[TileKey]*call
}

func newTileCache(store TileStore, limit int, m Metrics) *tileCache {
	return &tileCache{
		store:    store,
		metrics:  m,
		limit:    limit,
		tiles:    make(map[TileKey]*Tile),
		inflight: make(map[TileKey]*call),
	}
}

// get returns the decoded tile for key, downloading it if needed.
func (c *tileCache) get(ctx context.Context, key TileKey) (*Tile, error) {
	c.mu.Lock()
	if t, ok := c.tiles[key]; ok {
		c.mu.Unlock()
		c.metrics.TileHit(key)
		return t, nil
	}
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		c.metrics.TileCoalesced(key)
		<-cl.done // leak: the downloading caller failed and never released waiters
		return cl.tile, cl.err
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()
	c.metrics.TileMiss(key)

	t, err := c.download(ctx, key)
	if err != nil {
		// Do not remember failures: the next caller retries the download.
		c.forget(key)
		return nil, err
	}
	c.finish(key, cl, t)
	return t, nil
}

func (c *tileCache) download(ctx context.Context, key TileKey) (*Tile, error) {
	raw, err := c.store.Fetch(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("fetch tile %s: %w", key, err)
	}
	t, err := decodeTile(raw)
	if err != nil {
		return nil, fmt.Errorf("decode tile %s: %w", key, err)
	}
	t.Key = key
	return t, nil
}

// forget drops the in-flight record for key.
func (c *tileCache) forget(key TileKey) {
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
}

// finish stores a downloaded tile and wakes callers waiting for it.
func (c *tileCache) finish(key TileKey, cl *call, t *Tile) {
	c.mu.Lock()
	delete(c.inflight, key)
	c.tiles[key] = t
	c.order = append(c.order, key)
	for c.limit > 0 && len(c.order) > c.limit {
		delete(c.tiles, c.order[0])
		c.order = c.order[1:]
	}
	c.mu.Unlock()

	cl.tile = t
	close(cl.done)
}

// decodeTile parses "DTL1" | uint16 W | uint16 H | W*H float32 red | W*H
// float32 NIR, all little endian.
func decodeTile(raw []byte) (*Tile, error) {
	if len(raw) < 8 || string(raw[:4]) != tileMagic {
		return nil, fmt.Errorf("%w: bad header", ErrCorruptTile)
	}
	w := int(binary.LittleEndian.Uint16(raw[4:6]))
	h := int(binary.LittleEndian.Uint16(raw[6:8]))
	n := w * h
	if len(raw) != 8+n*8 {
		return nil, fmt.Errorf("%w: %dx%d tile with %d payload bytes", ErrCorruptTile, w, h, len(raw)-8)
	}
	t := &Tile{W: w, H: h, Red: make([]float32, n), NIR: make([]float32, n)}
	body := raw[8:]
	for i := 0; i < n; i++ {
		t.Red[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[i*4:]))
		t.NIR[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[(n+i)*4:]))
	}
	return t, nil
}
