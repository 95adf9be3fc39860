package store

import (
	"sync/atomic"
	"time"
)

// DB compacts in the background until Close. Close returns early only when an
// earlier Close won the swap, and that one closes closeC.
type DB struct {
	closed uint32
	closeC chan struct{}
	runs   int
}

func Open() *DB {
	db := &DB{closeC: make(chan struct{})}
	go db.compact()
	return db
}

func (db *DB) compact() {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			db.runs++
		case <-db.closeC:
			return
		}
	}
}

// setClosed reports whether this call is the one that closed the database.
func (db *DB) setClosed() bool {
	return atomic.CompareAndSwapUint32(&db.closed, 0, 1)
}

func (db *DB) Close() error {
	if !db.setClosed() {
		return nil
	}
	close(db.closeC)
	return nil
}
