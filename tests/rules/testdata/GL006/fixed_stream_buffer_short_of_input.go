package fixedlinefeed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Config tunes Load.
type Config struct {
	// ReadAhead is how many lines are read ahead of the parser.
	ReadAhead int
}

var errEmpty = errors.New("empty line")

// Load reads r line by line and stops at the first empty line; the reader is told
// to stop when Load returns.
func Load(ctx context.Context, cfg Config, r io.Reader) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lines := make(chan string, cfg.ReadAhead)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case lines <- strings.TrimSpace(sc.Text()):
			case <-ctx.Done():
				return
			}
		}
	}()
	var out []string
	for l := range lines {
		if l == "" {
			return nil, fmt.Errorf("line %d: %w", len(out)+1, errEmpty)
		}
		out = append(out, l)
	}
	return out, nil
}
