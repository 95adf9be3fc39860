package fixedchannelthroughforeigntype

import "example.com/watch"

type follower struct{ seen int }

// follow drains events until the watcher closes them. `watch.EventChan` is a channel
// type of another package: its range here is not seen as one.
func (f *follower) follow(events watch.EventChan) {
	for ev := range events {
		f.seen += ev.Rev
	}
}

// Replay feeds events to a follower and closes them when done.
func Replay(evs []*watch.Event) int {
	f := &follower{}
	ch := make(chan *watch.Event)
	go func() {
		for _, ev := range evs {
			ch <- ev
		}
		close(ch)
	}()
	f.follow(ch)
	return f.seen
}
