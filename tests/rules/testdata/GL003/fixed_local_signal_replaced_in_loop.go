package fixeduplink

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
		if up && stop == nil {
			stop = make(chan struct{})
			go upload(stop)
		} else if !up && stop != nil {
			close(stop)
			stop = nil
		}
	}
}

func upload(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-retry:
		}
	}
}

// retry asks every running uploader to try its queue again.
var retry = make(chan struct{})
