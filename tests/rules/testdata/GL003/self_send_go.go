package selfsendgo

// The bounce is posted from a goroutine of its own, which the mailbox then receives.
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
		go m.Post("bounced")
	}
}

func (m *Mailbox) Post(msg string) { m.inbox <- msg }

func (m *Mailbox) Close() { close(m.quit) }
