package selfsend

// Mailbox is owned by one goroutine, which alone reads its inbox.
type Mailbox struct {
	inbox chan string
	quit  chan struct{}
	seen  []string
}

func NewMailbox() *Mailbox {
	m := &Mailbox{inbox: make(chan string), quit: make(chan struct{})}
	go m.run()
	return m
}

func (m *Mailbox) run() {
	for {
		select {
		case <-m.quit:
			return
		case msg := <-m.inbox:
			m.dispatch(msg)
		}
	}
}

func (m *Mailbox) dispatch(msg string) {
	m.seen = append(m.seen, msg)
	if msg == "bounce" {
		m.Post("bounced") // the mailbox's own goroutine posts to itself
	}
}

func (m *Mailbox) Close() { close(m.quit) }
