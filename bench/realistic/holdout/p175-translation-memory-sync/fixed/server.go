package tmsync

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Option configures a Server.
type Option func(*Server)

// WithResolver sets the conflict resolver. The default is LastWriterWins.
func WithResolver(r Resolver) Option { return func(s *Server) { s.resolver = r } }

// WithClock sets the clock used to stamp updates.
func WithClock(c Clock) Option { return func(s *Server) { s.clock = c } }

// WithToolName sets the creation tool recorded in exported TMX headers.
func WithToolName(name, version string) Option {
	return func(s *Server) { s.toolName, s.toolVersion = name, version }
}

// Server holds one translation memory for a single language pair.
type Server struct {
	srcLang, tgtLang string
	resolver         Resolver
	clock            Clock
	toolName         string
	toolVersion      string

	mu       sync.RWMutex
	segments map[string]Segment
	revision uint64
}

// NewServer returns an empty memory for the given language pair.
func NewServer(srcLang, tgtLang string, opts ...Option) *Server {
	s := &Server{
		srcLang:     srcLang,
		tgtLang:     tgtLang,
		resolver:    LastWriterWins,
		clock:       wallClock{},
		toolName:    "tmsync",
		toolVersion: "1.0",
		segments:    make(map[string]Segment),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Push applies an editor's edit and returns the stored segment. Edits based
// on a stale revision are passed to the resolver.
func (s *Server) Push(ctx context.Context, e Edit) (Segment, error) {
	seg := e.Segment
	if strings.TrimSpace(seg.ID) == "" || strings.TrimSpace(seg.Source) == "" {
		return Segment{}, fmt.Errorf("push %q: %w", seg.ID, ErrInvalidSegment)
	}
	if !strings.EqualFold(seg.SourceLang, s.srcLang) || !strings.EqualFold(seg.TargetLang, s.tgtLang) {
		return Segment{}, fmt.Errorf("push %q (%s>%s): %w", seg.ID, seg.SourceLang, seg.TargetLang, ErrLanguageMismatch)
	}
	if seg.Updated.IsZero() {
		seg.Updated = s.clock.Now()
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	current, exists := s.segments[seg.ID]
	if exists && current.Revision != e.BaseRevision {
		resolved, err := s.resolver.Resolve(ctx, current, seg)
		if err != nil {
			return Segment{}, fmt.Errorf("push %q: resolve: %w", seg.ID, err)
		}
		if resolved.ID != seg.ID {
			return Segment{}, fmt.Errorf("push %q: %w", seg.ID, errResolverChangedID)
		}
		if resolved == current {
			return current, fmt.Errorf("push %q: based on r%d, current r%d: %w",
				seg.ID, e.BaseRevision, current.Revision, ErrConflict)
		}
		seg = resolved
	}

	s.revision++
	seg.Revision = s.revision
	s.segments[seg.ID] = seg
	return seg, nil
}

// Pull returns all segments changed after revision since, oldest first,
// together with the memory's current revision.
func (s *Server) Pull(since uint64) ([]Segment, uint64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Segment
	for _, seg := range s.segments {
		if seg.Revision > since {
			out = append(out, seg)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Revision < out[j].Revision })
	return out, s.revision
}

// Len reports the number of segments in the memory.
func (s *Server) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.segments)
}

// ExportFilter selects segments for export. The zero value selects all.
type ExportFilter struct {
	Editor       string
	MinRevision  uint64
	SkipUntransl bool
}

func (f ExportFilter) match(seg Segment) bool {
	if f.Editor != "" && seg.Editor != f.Editor {
		return false
	}
	if seg.Revision < f.MinRevision {
		return false
	}
	if f.SkipUntransl && strings.TrimSpace(seg.Target) == "" {
		return false
	}
	return true
}

func (s *Server) snapshot(f ExportFilter) []Segment {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Segment
	for _, seg := range s.segments {
		if f.match(seg) {
			out = append(out, seg)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
