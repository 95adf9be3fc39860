package kiosk

import "context"

// uploadLoop drains the sales queue while the uplink is up: immediately, on
// every new sale and periodically to retry failed uploads. It returns when
// stop is closed.
func (a *Agent) uploadLoop(stop <-chan struct{}) {
	t := a.cfg.Clock.NewTicker(a.cfg.UploadInterval)
	defer t.Stop()
	for {
		a.flush()
		select { // leak: a second online event replaced stop, so nobody will close this one
		case <-stop:
			return
		case <-a.kick:
		case <-t.C():
		}
	}
}

// flush uploads queued sales in batches until the queue is empty or an
// upload fails.
func (a *Agent) flush() {
	a.uploadMu.Lock()
	defer a.uploadMu.Unlock()
	for {
		batch := a.queue.peek(a.cfg.BatchSize)
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), a.cfg.UploadTimeout)
		err := a.cfg.HQ.UploadSales(ctx, a.cfg.StoreID, batch)
		cancel()
		if err != nil {
			a.cfg.Logf("kiosk: upload %d sales: %v", len(batch), err)
			return
		}
		ids := make([]string, len(batch))
		for i, s := range batch {
			ids[i] = s.ID
		}
		a.queue.ack(ids)
	}
}
