// Package segmenter cuts a live contribution stream into media segments on
// keyframe boundaries and publishes a sliding-window playlist for players.
package segmenter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"path"
	"sync"
	"time"
)

// Source delivers the incoming stream as a sequence of packets, as received
// from the contribution link. Packet boundaries do not line up with frame
// boundaries.
type Source interface {
	// ReadPacket returns the next packet. It returns io.EOF when the
	// broadcaster ends the stream.
	ReadPacket(ctx context.Context) ([]byte, error)
}

// Store persists segments and playlists, usually on an origin server or in
// object storage behind a CDN.
type Store interface {
	PutObject(ctx context.Context, name, contentType string, data []byte) error
}

// Config controls how a stream is segmented.
type Config struct {
	// StreamName prefixes every object written to the store.
	StreamName string
	// TargetDuration is the minimum segment length; a segment is cut at the
	// first keyframe after it is reached. Defaults to 4s.
	TargetDuration time.Duration
	// WindowSize is the number of segments listed in the playlist.
	// Defaults to 6.
	WindowSize int
	// Logger receives operational messages. Defaults to log.Default().
	Logger *log.Logger
}

func (c *Config) setDefaults() {
	if c.TargetDuration <= 0 {
		c.TargetDuration = 4 * time.Second
	}
	if c.WindowSize <= 0 {
		c.WindowSize = 6
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
}

// Stats are counters describing a segmenter's progress.
type Stats struct {
	Frames        int
	DroppedFrames int
	Segments      int
	Bytes         int
}

// Segmenter turns one live stream into segments and a playlist.
type Segmenter struct {
	cfg      Config
	store    Store
	playlist *Playlist
	nextSeq  int

	mu    sync.Mutex
	stats Stats
}

// New returns a Segmenter that writes to store.
func New(store Store, cfg Config) (*Segmenter, error) {
	if store == nil {
		return nil, errors.New("segmenter: nil store")
	}
	if cfg.StreamName == "" {
		return nil, errors.New("segmenter: stream name is required")
	}
	cfg.setDefaults()
	return &Segmenter{
		cfg:      cfg,
		store:    store,
		playlist: newPlaylist(cfg.TargetDuration, cfg.WindowSize),
	}, nil
}

// Stats returns a snapshot of the segmenter's counters.
func (s *Segmenter) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Run consumes src until it ends, ctx is cancelled, or publishing fails.
// When the stream ends cleanly the last segment is flushed and the
// playlist is closed with an end marker.
func (s *Segmenter) Run(ctx context.Context, src Source) error {
	// Packets do not align with frames, so the packet stream is turned back
	// into a byte stream for the frame reader.
	pr, pw := io.Pipe()
	defer pr.Close()
	go pump(ctx, src, pw)

	frames := newFrameReader(pr)
	var cur segment
	for {
		f, err := frames.Next()
		if errors.Is(err, io.EOF) {
			if err := s.flush(ctx, &cur); err != nil {
				return err
			}
			s.playlist.End()
			return s.publishPlaylist(ctx)
		}
		if err != nil {
			return fmt.Errorf("segmenter %s: %w", s.cfg.StreamName, err)
		}
		s.count(func(st *Stats) { st.Frames++ })

		if cur.empty() && !f.Keyframe {
			// A segment must start with a keyframe to be decodable on its own.
			s.count(func(st *Stats) { st.DroppedFrames++ })
			continue
		}
		if f.Keyframe && !cur.empty() && f.Time()-cur.start() >= s.cfg.TargetDuration {
			cur.end = f.PTS
			if err := s.flush(ctx, &cur); err != nil {
				return fmt.Errorf("segmenter %s: %w", s.cfg.StreamName, err)
			}
		}
		cur.add(f)
	}
}

// pump copies packets from src into w until src is exhausted or fails.
func pump(ctx context.Context, src Source, w *io.PipeWriter) {
	for {
		pkt, err := src.ReadPacket(ctx)
		if errors.Is(err, io.EOF) {
			w.Close()
			return
		}
		if err != nil {
			w.CloseWithError(fmt.Errorf("read packet: %w", err))
			return
		}
		if _, err := w.Write(pkt); err != nil {
			return
		}
	}
}

// flush uploads the buffered segment, if any, and republishes the playlist.
func (s *Segmenter) flush(ctx context.Context, cur *segment) error {
	if cur.empty() {
		return nil
	}
	seq := s.nextSeq
	name := fmt.Sprintf("seg-%06d.ts", seq)
	data := cur.bytes()
	if err := s.store.PutObject(ctx, path.Join(s.cfg.StreamName, name), "video/mp2t", data); err != nil {
		return fmt.Errorf("upload segment %d: %w", seq, err)
	}
	s.nextSeq++
	info := SegmentInfo{
		Sequence: seq,
		Name:     name,
		Duration: cur.duration(),
		Bytes:    len(data),
	}
	s.playlist.Add(info)
	s.count(func(st *Stats) {
		st.Segments++
		st.Bytes += len(data)
	})
	cur.reset()
	return s.publishPlaylist(ctx)
}

func (s *Segmenter) publishPlaylist(ctx context.Context) error {
	name := path.Join(s.cfg.StreamName, "index.m3u8")
	if err := s.store.PutObject(ctx, name, "application/vnd.apple.mpegurl", s.playlist.Render()); err != nil {
		return fmt.Errorf("publish playlist: %w", err)
	}
	return nil
}

func (s *Segmenter) count(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// segment accumulates frames until it is cut.
type segment struct {
	frames []Frame
	end    int64 // PTS of the frame that starts the next segment, if known
}

func (g *segment) empty() bool { return len(g.frames) == 0 }

func (g *segment) start() time.Duration { return g.frames[0].Time() }

func (g *segment) add(f Frame) {
	g.frames = append(g.frames, f)
}

// duration is measured up to the next segment's first frame when it is
// known, and up to the last frame otherwise.
func (g *segment) duration() time.Duration {
	last := g.frames[len(g.frames)-1].PTS
	if g.end > last {
		last = g.end
	}
	return ticksToDuration(last - g.frames[0].PTS)
}

func (g *segment) bytes() []byte {
	n := 0
	for _, f := range g.frames {
		n += frameHeaderLen + len(f.Payload)
	}
	buf := make([]byte, 0, n)
	for _, f := range g.frames {
		buf = EncodeFrame(buf, f)
	}
	return buf
}

func (g *segment) reset() {
	g.frames = g.frames[:0]
	g.end = 0
}
