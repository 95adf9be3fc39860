package publish_events

// run: _ = Publish("post-42")

const queueDepth = 1

type notifier struct {
	events chan string
}

func (n *notifier) announce(id string) {
	n.events <- id + ": created"
	n.events <- id + ": indexed"
	n.events <- id + ": published" // want "blocks forever"
}

// Publish announces a post and returns its first lifecycle event.
func Publish(id string) string {
	n := &notifier{events: make(chan string, queueDepth)}
	go n.announce(id)
	return <-n.events
}
