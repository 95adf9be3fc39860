package drainconsumer

import "context"

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); (&Counter{seen: map[string]int{}}).Add(ctx, "a b c")

// Add splits text on one goroutine and counts the words on another; it does not wait.
func (c *Counter) Add(ctx context.Context, text string) {
	words := make(chan string)
	go c.split(text, words) // want "goroutine `split` blocks forever sending on `out` \(`words`\) once the goroutine started at line 11 stops consuming"
	go c.count(ctx, words)
}
