package chatindex

import "log"

// Follow indexes every message arriving on feed until feed is closed or the
// indexer fails. It returns immediately; indexing happens in the background.
func (ix *Indexer) Follow(feed <-chan Message) {
	go func() {
		for m := range feed {
			if err := ix.Enqueue(m); err != nil {
				log.Printf("chatindex: stop following feed at %s: %v", m.ID, err)
				return
			}
		}
	}()
}
