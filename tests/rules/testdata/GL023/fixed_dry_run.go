package dryrun

type mailer struct {
	sent chan string
}

func newMailer() *mailer {
	return &mailer{sent: make(chan string)}
}

func (m *mailer) send(to []string) {
	for _, addr := range to {
		m.sent <- addr
	}
}

// Deliver mails everyone and counts the deliveries; a dry run only counts the addresses.
func Deliver(to []string, dryRun bool) int {
	m := newMailer()
	if dryRun {
		return len(to)
	}
	go m.send(to)
	n := 0
	for range to {
		<-m.sent
		n++
	}
	return n
}
