package optionselsewhere

// The goroutine's body is in another file than its start: the finding stands at the
// start, with the blocked send as a related location in this file.
func (w *Watcher) loop() {
	w.opts.Events <- "started"
}
