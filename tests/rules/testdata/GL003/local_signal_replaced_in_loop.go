package uplink

// run: events := make(chan bool, 3); events <- true; events <- true; close(events); Watch(events)

// Watch keeps an uploader running while the link is up and stops it when the link
// goes down or the events end.
func Watch(events <-chan bool) {
	var stop chan struct{}
	defer func() {
		if stop != nil {
			close(stop)
		}
	}()
	for up := range events {
		if up {
			stop = make(chan struct{})
			go upload(stop)
		} else if stop != nil {
			close(stop)
			stop = nil
		}
	}
}

func upload(stop <-chan struct{}) {
	for {
		select { // want "goroutine `upload` blocks forever receiving from `stop` once `Watch` goes round its loop again: it replaces `stop` at line 16 without closing the old channel"
		case <-stop:
			return
		case <-retry:
		}
	}
}

// retry asks every running uploader to try its queue again.
var retry = make(chan struct{})
