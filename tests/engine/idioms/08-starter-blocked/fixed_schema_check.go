package fixed_schema_check

import (
	"errors"
	"log"
	"strings"
)

// run: go func() { _ = Apply("ALTER TABLE users ADD COLUMN age INT") }()

type migration struct {
	sql     string
	applied bool
}

func validate(sql string) error {
	if !strings.HasPrefix(sql, "CREATE") {
		return errors.New("only CREATE statements may run unattended")
	}
	return nil
}

// Apply validates and runs a migration in the background, then waits for it.
func Apply(sql string) *migration {
	m := &migration{sql: sql}
	done := make(chan struct{})
	go func() {
		defer close(done) // the waiter is released on the rejected path too
		if err := validate(m.sql); err != nil {
			log.Printf("migration rejected: %v", err)
			return
		}
		m.applied = true
	}()
	<-done
	return m
}
