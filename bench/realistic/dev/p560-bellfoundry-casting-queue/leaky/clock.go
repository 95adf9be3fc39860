package foundry

import "time"

// Clock tells the time; tests replace it to get stable ledger entries.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
