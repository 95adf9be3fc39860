package page_export

import "strings"

// run: _, _ = Export(func(page int) ([]string, bool, error) { return nil, false, errors.New("page service down") })

// writeLines joins what arrives on lines until the channel is closed.
func writeLines(lines <-chan string) string {
	var b strings.Builder
	for l := range lines { // want "blocks forever"
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// Export fetches every page and writes its lines while later pages are fetched.
func Export(page func(n int) ([]string, bool, error)) (string, error) {
	lines := make(chan string)
	done := make(chan string, 1)
	go func() {
		done <- writeLines(lines)
	}()
	for n := 1; ; n++ {
		batch, more, err := page(n)
		if err != nil {
			return "", err
		}
		for _, l := range batch {
			lines <- l
		}
		if !more {
			break
		}
	}
	close(lines)
	return <-done, nil
}
