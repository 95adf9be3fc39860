package inference

import (
	"context"
	"fmt"
	"time"
)

// loop groups incoming requests into batches. A batch is flushed when it
// reaches MaxBatchSize or when MaxDelay has passed since its first request.
func (s *Server) loop() {
	defer close(s.loopDone)

	var (
		batch  []*request
		timer  *time.Timer
		expiry <-chan time.Time
	)
	flush := func() {
		if timer != nil {
			timer.Stop()
			timer, expiry = nil, nil
		}
		if len(batch) == 0 {
			return
		}
		b := batch
		batch = nil
		s.dispatch(b)
	}

	for {
		select {
		case req := <-s.requests:
			if req.ctx.Err() != nil {
				req.reply(nil, req.ctx.Err())
				continue
			}
			batch = append(batch, req)
			if len(batch) == 1 {
				timer = time.NewTimer(s.opts.MaxDelay)
				expiry = timer.C
			}
			if len(batch) >= s.opts.MaxBatchSize {
				flush()
			}
		case <-expiry:
			timer, expiry = nil, nil
			flush()
		case <-s.done:
			if timer != nil {
				timer.Stop()
			}
			for _, req := range batch {
				req.reply(nil, ErrClosed)
			}
			return
		}
	}
}

// dispatch waits for a free batch slot and runs b in its own goroutine.
func (s *Server) dispatch(b []*request) {
	select {
	case s.sem <- struct{}{}:
	case <-s.done:
		for _, req := range b {
			req.reply(nil, ErrClosed)
		}
		return
	}
	go func() {
		defer func() { <-s.sem }()
		s.runBatch(b)
	}()
	if s.opts.OnBatch != nil {
		s.opts.OnBatch(len(b))
	}
}

// runBatch runs the model on the requests in b that are still wanted and
// replies to every request.
func (s *Server) runBatch(b []*request) {
	model, _ := s.current()
	if model == nil {
		for _, req := range b {
			req.reply(nil, ErrNoModel)
		}
		return
	}

	live := b[:0]
	inputs := make([]Tensor, 0, len(b))
	for _, req := range b {
		switch {
		case req.ctx.Err() != nil:
			req.reply(nil, req.ctx.Err())
		case len(req.input) != model.InputDim():
			req.reply(nil, fmt.Errorf("input has %d values, %s expects %d: %w",
				len(req.input), model.Name(), model.InputDim(), ErrBadInput))
		default:
			live = append(live, req)
			inputs = append(inputs, req.input)
		}
	}
	if len(live) == 0 {
		return
	}

	ctx, cancel := context.WithTimeout(s.baseCtx, s.opts.PredictTimeout)
	defer cancel()
	outputs, err := model.Predict(ctx, inputs)
	if err == nil && len(outputs) != len(inputs) {
		err = fmt.Errorf("%s returned %d outputs for %d inputs", model.Name(), len(outputs), len(inputs))
	}
	if err != nil {
		err = fmt.Errorf("inference: predict: %w", err)
		for _, req := range live {
			req.reply(nil, err)
		}
		return
	}
	for i, req := range live {
		req.reply(outputs[i], nil)
	}
}
