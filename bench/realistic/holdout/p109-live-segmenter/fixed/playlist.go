package segmenter

import (
	"bytes"
	"fmt"
	"math"
	"time"
)

// SegmentInfo describes a published media segment.
type SegmentInfo struct {
	Sequence int
	Name     string
	Duration time.Duration
	Bytes    int
}

// Playlist is a sliding-window live media playlist.
type Playlist struct {
	target   time.Duration
	window   int
	segments []SegmentInfo
	ended    bool
}

func newPlaylist(target time.Duration, window int) *Playlist {
	return &Playlist{target: target, window: window}
}

// Add appends a segment and drops the oldest ones that fall out of the
// window.
func (p *Playlist) Add(seg SegmentInfo) {
	p.segments = append(p.segments, seg)
	if over := len(p.segments) - p.window; over > 0 {
		p.segments = append(p.segments[:0], p.segments[over:]...)
	}
}

// End marks the playlist as complete; players stop polling it.
func (p *Playlist) End() { p.ended = true }

// Render returns the playlist in HLS media playlist syntax.
func (p *Playlist) Render() []byte {
	var b bytes.Buffer
	target := p.target
	for _, s := range p.segments {
		if s.Duration > target {
			target = s.Duration
		}
	}
	mediaSeq := 0
	if len(p.segments) > 0 {
		mediaSeq = p.segments[0].Sequence
	}
	b.WriteString("#EXTM3U\n")
	b.WriteString("#EXT-X-VERSION:3\n")
	fmt.Fprintf(&b, "#EXT-X-TARGETDURATION:%d\n", int(math.Ceil(target.Seconds())))
	fmt.Fprintf(&b, "#EXT-X-MEDIA-SEQUENCE:%d\n", mediaSeq)
	for _, s := range p.segments {
		fmt.Fprintf(&b, "#EXTINF:%.3f,\n%s\n", s.Duration.Seconds(), s.Name)
	}
	if p.ended {
		b.WriteString("#EXT-X-ENDLIST\n")
	}
	return b.Bytes()
}
