package loopcontinue

// Render closes each page's done channel before it moves on, empty page or not.
func Render(pages [][]string) int {
	total := 0
	for _, lines := range pages {
		done := make(chan struct{})
		go func() {
			<-done
		}()
		if len(lines) == 0 {
			close(done)
			continue
		}
		total += len(lines)
		close(done)
	}
	return total
}
