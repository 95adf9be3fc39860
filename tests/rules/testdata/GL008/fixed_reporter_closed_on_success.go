package importer

import (
	"errors"
	"fmt"
)

var errEmpty = errors.New("importer: empty row")

// notifier hands progress lines to a callback on its own goroutine; a nil *notifier
// drops them.
type notifier struct {
	notify func(string)
	lines  chan string
	done   chan struct{}
}

func newNotifier(notify func(string)) *notifier {
	if notify == nil {
		return nil
	}
	n := &notifier{notify: notify, lines: make(chan string, 16), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *notifier) run() {
	defer close(n.done)
	for line := range n.lines {
		n.notify(line)
	}
}

func (n *notifier) say(line string) {
	if n == nil {
		return
	}
	select {
	case n.lines <- line:
	default:
	}
}

// finish waits until every line has been handed to the callback.
func (n *notifier) finish() {
	if n == nil {
		return
	}
	close(n.lines)
	<-n.done
}

// Import loads the rows, reporting each one.
func Import(rows []string, notify func(string)) error {
	progress := newNotifier(notify)
	defer progress.finish()
	for i, row := range rows {
		if row == "" {
			return fmt.Errorf("row %d: %w", i, errEmpty)
		}
		progress.say("imported " + row)
	}
	return nil
}
