package fp

import "context"

func next17(ctx context.Context) error { return ctx.Err() }

func handle17(out <-chan []byte, write func([]byte) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // wakes the sender's <-ctx.Done() case on every return

	errCh := make(chan error)
	go func() {
		for {
			if err := next17(ctx); err != nil {
				select {
				case errCh <- err:
				case <-ctx.Done():
				}
				return
			}
		}
	}()

	for {
		select {
		case err := <-errCh:
			return err
		case b, ok := <-out:
			if !ok {
				return nil
			}
			if err := write(b); err != nil {
				return err
			}
		}
	}
}
