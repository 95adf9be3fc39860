package dryrun

// run: _ = Deliver([]string{"a", "b"}, true)

type mailer struct {
	sent chan string
}

func newMailer() *mailer {
	return &mailer{sent: make(chan string)}
}

func (m *mailer) send(to []string) {
	for _, addr := range to {
		m.sent <- addr // want "goroutine `send` blocks forever sending on `m.sent`"
	}
}

// Deliver mails everyone and counts the deliveries; a dry run only counts the addresses.
func Deliver(to []string, dryRun bool) int {
	m := newMailer()
	go m.send(to)
	if dryRun {
		return len(to)
	}
	n := 0
	for range to {
		<-m.sent
		n++
	}
	return n
}
