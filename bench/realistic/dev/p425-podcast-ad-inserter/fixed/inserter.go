package adinsert

import (
	"context"
	"fmt"
	"io"
	"time"
)

// Stats summarises one stitched download.
type Stats struct {
	Bytes       int64
	Impressions int
}

// Inserter produces stitched episode streams.
type Inserter struct {
	source        SegmentSource
	decider       AdDecider
	tracker       *Tracker
	decideTimeout time.Duration
}

// Option configures an Inserter.
type Option func(*Inserter)

// WithDecideTimeout bounds how long a single ad decision may take.
func WithDecideTimeout(d time.Duration) Option {
	return func(ins *Inserter) { ins.decideTimeout = d }
}

// WithTracker reports delivered ads to the given impression tracker.
func WithTracker(t *Tracker) Option {
	return func(ins *Inserter) { ins.tracker = t }
}

// NewInserter returns an Inserter reading audio from source and choosing ads
// with decider.
func NewInserter(source SegmentSource, decider AdDecider, opts ...Option) *Inserter {
	ins := &Inserter{
		source:        source,
		decider:       decider,
		decideTimeout: 750 * time.Millisecond,
	}
	for _, opt := range opts {
		opt(ins)
	}
	return ins
}

// Stream writes the episode, with ads stitched into its breaks, to dst.
// Audio is fetched segment by segment while earlier segments are still being
// written, so the listener starts receiving bytes before the whole episode
// has been fetched. An impression is recorded for each ad whose last byte
// has been accepted by dst.
func (ins *Inserter) Stream(ctx context.Context, ep Episode, listenerID string, dst io.Writer) (Stats, error) {
	p, err := ins.buildPlan(ctx, ep, listenerID)
	if err != nil {
		return Stats{}, err
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	go ins.stitch(ctx, p, pw)

	cw := &countingWriter{dst: dst, pending: p.ads()}
	cw.onAd = func(ad Ad) {
		cw.impressions++
		if ins.tracker != nil {
			ins.tracker.Track(Impression{
				AdID:       ad.ID,
				CampaignID: ad.CampaignID,
				EpisodeID:  ep.ID,
				ListenerID: listenerID,
				URL:        ad.ImpressionURL,
			})
		}
	}

	_, err = io.Copy(cw, pr)
	stats := Stats{Bytes: cw.written, Impressions: cw.impressions}
	if err != nil {
		return stats, fmt.Errorf("stream episode %s to listener %s: %w", ep.ID, listenerID, err)
	}
	return stats, nil
}

// stitch copies every planned segment, in order, into pw. It closes pw with
// the first error it meets so the reading side sees it.
func (ins *Inserter) stitch(ctx context.Context, p *plan, pw *io.PipeWriter) {
	for _, it := range p.items {
		if err := ctx.Err(); err != nil {
			pw.CloseWithError(err)
			return
		}
		rc, err := ins.source.Open(ctx, it.ref)
		if err != nil {
			pw.CloseWithError(fmt.Errorf("open segment %s: %w", it.ref.Key, err))
			return
		}
		n, err := io.Copy(pw, rc)
		rc.Close()
		if err == nil && n != it.ref.Size {
			err = fmt.Errorf("segment %s: got %d bytes, want %d", it.ref.Key, n, it.ref.Size)
		}
		if err != nil {
			pw.CloseWithError(err)
			return
		}
	}
	pw.Close()
}

// countingWriter forwards writes to dst, keeping track of the stream offset
// and calling onAd for each ad once all of its bytes have been written.
type countingWriter struct {
	dst         io.Writer
	written     int64
	pending     []planItem
	impressions int
	onAd        func(Ad)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.dst.Write(b)
	w.written += int64(n)
	for len(w.pending) > 0 && w.pending[0].end <= w.written {
		w.onAd(*w.pending[0].ad)
		w.pending = w.pending[1:]
	}
	return n, err
}
