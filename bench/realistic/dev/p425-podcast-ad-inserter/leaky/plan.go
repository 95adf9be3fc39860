// Package adinsert stitches dynamically selected ads into podcast episode
// audio as it is downloaded, and reports impressions to ad servers.
package adinsert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrNoSegments is returned when an episode has nothing to play.
var ErrNoSegments = errors.New("adinsert: episode has no content segments")

// SegmentRef identifies a piece of audio held by a SegmentSource: either a
// slice of episode content or an ad creative.
type SegmentRef struct {
	Key  string
	Size int64
}

// Break is an ad slot in an episode, positioned after a content segment.
type Break struct {
	// AfterSegment is the index of the content segment the break follows.
	AfterSegment int
	// MaxDuration caps the combined duration of the creatives.
	MaxDuration time.Duration
}

// Episode describes the content of a podcast episode and its ad breaks.
type Episode struct {
	ID       string
	Segments []SegmentRef
	Breaks   []Break
}

// Ad is a creative chosen by the AdDecider.
type Ad struct {
	ID            string
	CampaignID    string
	Creative      SegmentRef
	Duration      time.Duration
	ImpressionURL string
}

// BreakRequest asks the AdDecider to fill one break for one listener.
type BreakRequest struct {
	EpisodeID   string
	BreakIndex  int
	MaxDuration time.Duration
	ListenerID  string
}

// SegmentSource opens audio segments, typically from object storage or a CDN.
type SegmentSource interface {
	Open(ctx context.Context, ref SegmentRef) (io.ReadCloser, error)
}

// AdDecider selects ads for a break.
type AdDecider interface {
	Decide(ctx context.Context, req BreakRequest) ([]Ad, error)
}

// planItem is one entry in the stitched output: either content or an ad.
type planItem struct {
	ref SegmentRef
	ad  *Ad
	end int64 // offset just past the item's last byte in the stitched stream
}

// plan is the ordered list of segments that make up a stitched stream.
type plan struct {
	items []planItem
	size  int64
}

// ads returns the ad items of the plan in stream order.
func (p *plan) ads() []planItem {
	var out []planItem
	for _, it := range p.items {
		if it.ad != nil {
			out = append(out, it)
		}
	}
	return out
}

// buildPlan asks the decider to fill each break and lays out the resulting
// stream. A decider failure for a break is not fatal: the break is simply
// left empty so the listener still gets the episode.
func (ins *Inserter) buildPlan(ctx context.Context, ep Episode, listenerID string) (*plan, error) {
	if len(ep.Segments) == 0 {
		return nil, fmt.Errorf("episode %s: %w", ep.ID, ErrNoSegments)
	}
	byPosition := make(map[int][]Ad, len(ep.Breaks))
	for i, br := range ep.Breaks {
		if br.AfterSegment < 0 || br.AfterSegment >= len(ep.Segments) {
			return nil, fmt.Errorf("episode %s: break %d after segment %d: out of range", ep.ID, i, br.AfterSegment)
		}
		dctx, cancel := context.WithTimeout(ctx, ins.decideTimeout)
		ads, err := ins.decider.Decide(dctx, BreakRequest{
			EpisodeID:   ep.ID,
			BreakIndex:  i,
			MaxDuration: br.MaxDuration,
			ListenerID:  listenerID,
		})
		cancel()
		if err != nil {
			continue // no fill: play the episode without this break
		}
		byPosition[br.AfterSegment] = append(byPosition[br.AfterSegment], fitBreak(ads, br)...)
	}

	p := &plan{}
	add := func(ref SegmentRef, ad *Ad) {
		p.items = append(p.items, planItem{ref: ref, ad: ad, end: p.size + ref.Size})
		p.size += ref.Size
	}
	for i, seg := range ep.Segments {
		add(seg, nil)
		for j := range byPosition[i] {
			ad := byPosition[i][j]
			add(ad.Creative, &ad)
		}
	}
	return p, nil
}

// fitBreak trims the decider's answer to the limits of the break.
func fitBreak(ads []Ad, br Break) []Ad {
	var out []Ad
	var total time.Duration
	for _, ad := range ads {
		if br.MaxDuration > 0 && total+ad.Duration > br.MaxDuration {
			continue
		}
		total += ad.Duration
		out = append(out, ad)
	}
	return out
}
