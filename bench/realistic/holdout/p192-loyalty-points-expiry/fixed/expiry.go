package loyalty

import (
	"context"
	"fmt"
	"sort"
)

// ExpiryReport summarises one expiry run.
type ExpiryReport struct {
	Batches int
	Lots    int
	Points  int64
	Members int
}

// RunExpiry expires every lot whose validity has ended, in batches of
// cfg.BatchSize, and notifies each affected member once per batch.
// Notifications are delivered asynchronously; Close waits for them.
func (s *Service) RunExpiry(ctx context.Context) (ExpiryReport, error) {
	var rep ExpiryReport
	now := s.cfg.Clock.Now()
	members := make(map[string]bool)

	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		lots, err := s.store.ExpiringLots(ctx, now, s.cfg.BatchSize)
		if err != nil {
			return rep, fmt.Errorf("load expiring lots (batch %d): %w", rep.Batches+1, err)
		}
		if len(lots) == 0 {
			break
		}

		ids := make([]string, len(lots))
		perMember := make(map[string]int64)
		for i, l := range lots {
			ids[i] = l.ID
			perMember[l.MemberID] += l.Points
		}
		if err := s.store.ExpireLots(ctx, ids, now); err != nil {
			return rep, fmt.Errorf("expire %d lots (batch %d): %w", len(ids), rep.Batches+1, err)
		}
		rep.Batches++
		rep.Lots += len(lots)

		// Notify in a stable order so retries of a failed run are
		// predictable for support staff reading the logs.
		memberIDs := make([]string, 0, len(perMember))
		for id := range perMember {
			memberIDs = append(memberIDs, id)
		}
		sort.Strings(memberIDs)
		for _, id := range memberIDs {
			rep.Points += perMember[id]
			members[id] = true
			if err := s.notifyExpired(id, perMember[id]); err != nil {
				return rep, err
			}
		}
	}
	rep.Members = len(members)
	return rep, nil
}
