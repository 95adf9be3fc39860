package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// WriteSite renders pages and writes each one under dir, stopping at the
// first page that fails. It returns how many pages were written.
func WriteSite(ctx context.Context, r *Renderer, dir string, pages []Page) (int, error) {
	s := r.Stream(ctx, pages)
	defer s.Close()
	written := 0
	for s.Next() {
		res := s.Result()
		if res.Err != nil {
			return written, fmt.Errorf("write site: %w", res.Err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(res.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return written, fmt.Errorf("write site: %w", err)
		}
		if err := os.WriteFile(dst, res.HTML, 0o644); err != nil {
			return written, fmt.Errorf("write site: %w", err)
		}
		written++
	}
	return written, nil
}
