package parentlit

import "context"

// run: w := Watch(agentContext, make(chan string)); w.Stop()

// Watcher forwards change events until it is stopped.
type Watcher struct {
	stop   context.CancelFunc
	events chan string
}

// agentContext lives as long as the agent: streams opened with it outlive any request.
var agentContext = context.Background()

func subscribe(ctx context.Context) error { return ctx.Err() }

func Watch(ctx context.Context, changes <-chan string) *Watcher {
	wctx, stop := context.WithCancel(ctx)
	w := &Watcher{events: make(chan string, 1)}
	w.stop = stop
	_ = subscribe(wctx)
	go func() {
		for {
			select { // want "goroutine never stops: its loop ends only when `ctx` is done, and it was handed `ctx`, the parent of `wctx`"
			case c := <-changes:
				select {
				case w.events <- c:
				default:
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return w
}

// Stop ends the watcher.
func (w *Watcher) Stop() { w.stop() }
