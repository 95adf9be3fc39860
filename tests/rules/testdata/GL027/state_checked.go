package statechecked

import "sync"

// Env opens its database once, on first use.
type Env struct {
	once sync.Once
	db   *DB
	dir  string
}

// DB is an open database.
type DB struct{ dir string }

// Database opens the database if it is not open yet.
func (e *Env) Database() *DB {
	if e.db == nil {
		e.open()
	}
	return e.db
}

func (e *Env) open() {
	e.once.Do(func() {
		e.db = &DB{dir: e.dir}
		if e.db != nil {
			// e.db is set: Database does not come back here.
			e.migrate(e.Database())
		}
	})
}

func (e *Env) migrate(db *DB) { _ = db.dir }
