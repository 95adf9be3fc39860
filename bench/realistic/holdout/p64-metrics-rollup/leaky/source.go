// Package rollup downsamples raw metric samples into fixed-width buckets and
// flushes the rollups to long-term storage.
package rollup

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Sample is one raw observation of a series.
type Sample struct {
	Series string
	At     time.Time
	Value  float64
}

// Source yields samples in time order and io.EOF after the last one.
type Source interface {
	Next(ctx context.Context) (Sample, error)
}

// LineSource decodes samples written one per line as
// "<series> <unix-millis> <value>". Blank lines and lines starting with '#'
// are skipped.
type LineSource struct {
	sc   *bufio.Scanner
	line int
}

// NewLineSource reads samples from r.
func NewLineSource(r io.Reader) *LineSource {
	return &LineSource{sc: bufio.NewScanner(r)}
}

// Next returns the next sample.
func (s *LineSource) Next(ctx context.Context) (Sample, error) {
	for s.sc.Scan() {
		s.line++
		text := strings.TrimSpace(s.sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 3 {
			return Sample{}, fmt.Errorf("line %d: want 3 fields, got %d", s.line, len(f))
		}
		ms, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return Sample{}, fmt.Errorf("line %d: timestamp: %w", s.line, err)
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return Sample{}, fmt.Errorf("line %d: value: %w", s.line, err)
		}
		return Sample{Series: f[0], At: time.UnixMilli(ms).UTC(), Value: v}, ctx.Err()
	}
	if err := s.sc.Err(); err != nil {
		return Sample{}, err
	}
	return Sample{}, io.EOF
}
