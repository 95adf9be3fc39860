package stopcancelsthecontext

import "context"

// DB opens connections from one goroutine that ends on the context Close cancels, and
// cleans them from another that ends on the channel Close closes (database/sql).
type DB struct {
	openerCh  chan struct{}
	cleanerCh chan struct{}
	stop      func()
}

func Open() *DB {
	ctx, cancel := context.WithCancel(context.Background())
	db := &DB{openerCh: make(chan struct{}), cleanerCh: make(chan struct{}), stop: cancel}
	go db.connectionOpener(ctx)
	go db.connectionCleaner()
	return db
}

func (db *DB) connectionOpener(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-db.openerCh:
		}
	}
}

func (db *DB) connectionCleaner() {
	<-db.cleanerCh
}

func (db *DB) Close() {
	close(db.cleanerCh)
	db.stop()
}
