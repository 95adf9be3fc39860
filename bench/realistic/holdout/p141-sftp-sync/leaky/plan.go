package sftpsync

import (
	"sort"
	"time"
)

// ActionKind says what the syncer does with one path.
type ActionKind int

const (
	// ActionCopy downloads a remote file that is missing or stale locally.
	ActionCopy ActionKind = iota
	// ActionDelete removes a local file that no longer exists remotely.
	ActionDelete
)

func (k ActionKind) String() string {
	switch k {
	case ActionCopy:
		return "copy"
	case ActionDelete:
		return "delete"
	default:
		return "unknown"
	}
}

// Action is one step of a sync plan.
type Action struct {
	Kind  ActionKind
	Entry Entry
}

// planOptions controls how remote and local listings are compared.
type planOptions struct {
	deleteExtra bool
	// mtimeSlack absorbs the coarse timestamps many SFTP servers report.
	mtimeSlack time.Duration
}

// plan compares the remote and local listings and returns the actions that
// bring the local side up to date. Copies come first, ordered by path, so
// that a sync interrupted half way leaves deletions for the next run.
func plan(remote, local []Entry, opts planOptions) []Action {
	have := make(map[string]Entry, len(local))
	for _, e := range local {
		have[e.Path] = e
	}

	var actions []Action
	seen := make(map[string]bool, len(remote))
	for _, r := range remote {
		seen[r.Path] = true
		l, ok := have[r.Path]
		if ok && !stale(r, l, opts.mtimeSlack) {
			continue
		}
		actions = append(actions, Action{Kind: ActionCopy, Entry: r})
	}

	if opts.deleteExtra {
		var extra []Action
		for _, l := range local {
			if !seen[l.Path] {
				extra = append(extra, Action{Kind: ActionDelete, Entry: l})
			}
		}
		sort.Slice(extra, func(i, j int) bool { return extra[i].Entry.Path < extra[j].Entry.Path })
		actions = append(actions, extra...)
	}
	return actions
}

// stale reports whether the local copy l of remote file r must be replaced.
func stale(r, l Entry, slack time.Duration) bool {
	if r.Size != l.Size {
		return true
	}
	d := r.ModTime.Sub(l.ModTime)
	if d < 0 {
		d = -d
	}
	return d > slack
}
