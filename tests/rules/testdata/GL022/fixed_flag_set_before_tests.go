package flagsetbeforetests

type state struct{ asyncCommit bool }

var current state

func commit() error { return nil }

// Commit waits for the commit only when it is synchronous; the flag is set from
// the state before the first test of it, so the goroutine and the wait read the
// same value (SET_BEFORE_ITS_TESTS; confluent-kafka-go's verifiable consumer).
func Commit(async bool) {
	async = current.asyncCommit
	var committed chan bool
	if !async {
		committed = make(chan bool)
	}
	go func() {
		_ = commit()
		if !async {
			close(committed)
		}
	}()
	if !async {
		<-committed
	}
}
