package fresh

import (
	"strconv"
	"sync"
)

type cacheJ8 struct{}

func (c *cacheJ8) put(key string, onEvict func()) {}

// The slice grows by one element on every iteration of a loop of `items` turns, so a
// range over it runs `items` times (APPENDED_PER_ITERATION): one Done per Add.
func evictAllJ8(c *cacheJ8, stop chan struct{}) {
	const items = 3
	var keys []string
	for i := 0; i < items; i++ {
		keys = append(keys, strconv.Itoa(i))
	}
	var wg sync.WaitGroup
	wg.Add(items)
	for _, k := range keys {
		evicted := make(chan struct{})
		c.put(k, func() { close(evicted) })
		go func() {
			defer wg.Done()
			select {
			case <-evicted:
			case <-stop:
			}
		}()
	}
	wg.Wait()
}

// One Add per element appended, one Done goroutine per element.
func waitAllJ8(open func() chan struct{}, closeAll func()) {
	var wg sync.WaitGroup
	var waits []chan struct{}
	for i := 0; i < 3; i++ {
		waits = append(waits, open())
		wg.Add(1)
	}
	for _, w := range waits {
		go func() {
			<-w
			wg.Done()
		}()
	}
	closeAll()
	wg.Wait()
}

// `len(topics)` reads the same count the range over `topics` does, and a product with
// a constant counts as the nested loops do.
func publishJ8(publish func(string) error) {
	const perTopic, topicCount = 10, 5
	var topics []string
	for i := 1; i <= topicCount; i++ {
		topics = append(topics, strconv.Itoa(i))
	}
	var wg sync.WaitGroup
	wg.Add(len(topics) * perTopic)
	for _, topic := range topics {
		go func(topic string) {
			for i := 0; i < perTopic; i++ {
				_ = publish(topic)
				wg.Done()
			}
		}(topic)
	}
	wg.Wait()
}
