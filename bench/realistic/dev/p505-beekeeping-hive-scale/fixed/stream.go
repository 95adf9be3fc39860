package hivescale

import (
	"context"
	"time"
)

// feed is a stream of readings read page by page from a scale. Err is valid
// once C has been closed.
type feed struct {
	C   <-chan Reading
	err error
}

func (f *feed) Err() error { return f.err }

// stream pages through the scale log from since onwards and delivers the
// readings in order on the returned feed.
func (m *Monitor) stream(ctx context.Context, hiveID string, since time.Time) *feed {
	out := make(chan Reading)
	f := &feed{C: out}
	go func() {
		defer close(out)
		cursor := since
		for {
			fctx, cancel := context.WithTimeout(ctx, m.cfg.FetchTimeout)
			page, err := m.scale.Fetch(fctx, hiveID, cursor, m.cfg.PageSize)
			cancel()
			if err != nil {
				f.err = err
				return
			}
			if len(page) == 0 {
				return
			}
			for _, r := range page {
				select {
				case out <- r:
				case <-ctx.Done():
					f.err = ctx.Err()
					return
				}
			}
			cursor = page[len(page)-1].At
			if len(page) < m.cfg.PageSize {
				return
			}
		}
	}()
	return f
}
