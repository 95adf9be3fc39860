package linefeed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// run: _, _ = Load(appContext, Config{ReadAhead: 2}, strings.NewReader("a\n\nb\nc\nd\ne\nf\n"))

// appContext lives as long as the process, as a server's base context does: nothing
// cancels it.
var appContext = context.Background()

// Config tunes Load.
type Config struct {
	// ReadAhead is how many lines are read ahead of the parser.
	ReadAhead int
}

var errEmpty = errors.New("empty line")

// Load reads r line by line and stops at the first empty line.
func Load(ctx context.Context, cfg Config, r io.Reader) ([]string, error) {
	lines := make(chan string, cfg.ReadAhead)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select { // want "blocks forever sending on `lines` once `Load` stops consuming at line 43: it also waits on `ctx.Done\\(\\)`, but `ctx` is the caller's context"
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
