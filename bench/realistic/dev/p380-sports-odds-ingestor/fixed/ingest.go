package odds

import (
	"context"
	"fmt"
	"sync"
)

// Run subscribes to every configured feed and publishes price changes
// until ctx is cancelled or every subscribed feed has ended. A feed that
// cannot be subscribed is logged and skipped; Run only fails up front if
// none can be.
func (in *Ingestor) Run(ctx context.Context) error {
	quotes := make(chan RawQuote, in.cfg.Buffer)

	var wg sync.WaitGroup
	live := 0
	for _, f := range in.cfg.Feeds {
		sub, err := f.Subscribe(ctx, in.cfg.Sports)
		if err != nil {
			in.cfg.Logger.Printf("odds: subscribe %s: %v", f.Name(), err)
			continue
		}
		live++
		wg.Add(1)
		go in.forward(ctx, &wg, f.Name(), sub, quotes)
	}
	if live == 0 {
		return ErrNoFeeds
	}

	go func() {
		wg.Wait()
		close(quotes)
	}()

	for {
		select {
		case q, ok := <-quotes:
			if !ok {
				return nil
			}
			if err := in.handle(ctx, q); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// forward copies one subscription's quotes into the merged queue.
func (in *Ingestor) forward(ctx context.Context, wg *sync.WaitGroup, name string, sub Subscription, out chan<- RawQuote) {
	defer wg.Done()
	defer func() {
		if err := sub.Close(); err != nil {
			in.cfg.Logger.Printf("odds: close %s: %v", name, err)
		}
	}()
	updates := sub.Updates()
	for {
		select {
		case q, ok := <-updates:
			if !ok {
				in.cfg.Logger.Printf("odds: feed %s ended", name)
				return
			}
			if q.Bookmaker == "" {
				q.Bookmaker = name
			}
			select {
			case out <- q:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// handle normalises one quote and publishes the resulting change. Bad
// quotes are counted and dropped; a publish failure stops the ingestor.
func (in *Ingestor) handle(ctx context.Context, q RawQuote) error {
	in.mu.Lock()
	in.stats.Quotes++
	in.mu.Unlock()

	c, ok, err := in.normalize(q)
	if err != nil {
		in.mu.Lock()
		in.stats.Rejected++
		in.mu.Unlock()
		in.cfg.Logger.Printf("odds: %s %s: %v", q.Bookmaker, q.EventID, err)
		return nil
	}
	if !ok {
		return nil
	}
	if err := in.cfg.Publisher.Publish(ctx, c); err != nil {
		return fmt.Errorf("odds: publish %s/%s/%s: %w", c.EventID, c.Market, c.Selection, err)
	}
	in.mu.Lock()
	in.stats.Published++
	in.mu.Unlock()
	return nil
}
