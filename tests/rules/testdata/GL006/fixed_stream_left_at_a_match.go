package fixedstreamleftatamatch

import "context"

func pagesOf(_ context.Context, p int) ([]string, error) { return []string{"a", "b", "c"}, nil }

// Find lists items page by page and returns the first that matches.
func Find(ctx context.Context, pages int, fetch func(context.Context, int) ([]string, error), match func(string) bool) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(items)
		for p := 0; p < pages; p++ {
			page, err := fetch(ctx, p)
			if err != nil {
				errc <- err
				return
			}
			for _, it := range page {
				select {
				case items <- it:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	for it := range items {
		if match(it) {
			return it, nil
		}
	}
	select {
	case err := <-errc:
		return "", err
	default:
		return "", nil
	}
}
