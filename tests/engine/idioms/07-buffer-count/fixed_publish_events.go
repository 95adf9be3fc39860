package fixed_publish_events

// run: _ = Publish("post-42")

// lifecycleStages is how many events announce sends; the queue holds them all.
const lifecycleStages = 3

type notifier struct {
	events chan string
}

func (n *notifier) announce(id string) {
	n.events <- id + ": created"
	n.events <- id + ": indexed"
	n.events <- id + ": published"
}

// Publish announces a post and returns its first lifecycle event.
func Publish(id string) string {
	n := &notifier{events: make(chan string, lifecycleStages)}
	go n.announce(id)
	return <-n.events
}
