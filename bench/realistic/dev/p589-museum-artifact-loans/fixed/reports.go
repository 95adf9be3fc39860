package loans

import "context"

type reportResult struct {
	artifactID string
	report     ConditionReport
	err        error
}

// conditionReports fetches the latest condition report for each artifact in
// order and delivers them on the returned channel. The conservation backend
// is rate limited, so reports are requested one after the other rather than
// all at once. The channel is closed after the last report.
func (s *Service) conditionReports(ctx context.Context, ids []string) <-chan reportResult {
	out := make(chan reportResult)
	go func() {
		defer close(out)
		for _, id := range ids {
			rep, err := s.conservation.LatestReport(ctx, id)
			select {
			case out <- reportResult{artifactID: id, report: rep, err: err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
