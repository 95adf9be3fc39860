package loopcontinue

// run: _ = Render([][]string{{"a"}, nil, {"b"}})

// Render starts one watcher per page, made fresh in each iteration; an empty page
// moves on to the next without closing this page's done channel.
func Render(pages [][]string) int {
	total := 0
	for _, lines := range pages {
		done := make(chan struct{})
		go func() {
			<-done // want "goroutine blocks forever receiving from `done` when the loop moves on at line 15 without sending on or closing `done`"
		}()
		if len(lines) == 0 {
			continue
		}
		total += len(lines)
		close(done)
	}
	return total
}
