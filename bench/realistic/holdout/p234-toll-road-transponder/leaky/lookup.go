package gantry

import "context"

type accountResult struct {
	account Account
	err     error
}

type hotlistResult struct {
	alert Alert
	hit   bool
	err   error
}

func (g *Gantry) fetchAccount(ctx context.Context, tagID string) <-chan accountResult {
	out := make(chan accountResult)
	go func() {
		acct, err := g.accounts.ByTag(ctx, tagID)
		out <- accountResult{account: acct, err: err}
	}()
	return out
}

func (g *Gantry) checkHotlist(ctx context.Context, plate string) <-chan hotlistResult {
	out := make(chan hotlistResult)
	go func() {
		alert, hit, err := g.hotlist.Check(ctx, plate)
		out <- hotlistResult{alert: alert, hit: hit, err: err} // leak: nobody receives after the account lookup fails
	}()
	return out
}
