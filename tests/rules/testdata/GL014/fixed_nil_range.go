package nilrange

import "log"

func Watch(feed []string) {
	events := make(chan string)
	go func() {
		for e := range events {
			log.Println(e)
		}
	}()
	for _, f := range feed {
		events <- f
	}
	close(events)
}

// A nil channel in a select disables that case: a common idiom, not a leak.
func Merge(a, b chan int) int {
	var none chan int
	sum := 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			sum += v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sum += v
		case <-none:
		}
	}
	return sum
}
