package matchmaking

import (
	"context"
	"fmt"
	"time"
)

// allocationTimeout bounds how long a server reservation may take.
const allocationTimeout = 5 * time.Second

// deliver reserves a server for a freshly formed pair and hands the match to
// both players. The longest-waiting player is always the home side.
func (q *Queue) deliver(id int, home, away *ticket) {
	m := Match{ID: id, Home: home.player, Away: away.player}
	ctx, cancel := context.WithTimeout(context.Background(), allocationTimeout)
	defer cancel()

	addr, err := q.allocate(ctx, m)
	if err != nil {
		err = fmt.Errorf("allocate server for match %d: %w", id, err)
	}
	m.Server = addr
	for _, t := range []*ticket{home, away} {
		t.result <- outcome{match: m, err: err}
	}
}
