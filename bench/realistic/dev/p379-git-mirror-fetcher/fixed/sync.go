package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
)

// Sync brings the mirror of r up to date with the remote. It is a no-op
// when the remote's refs already match the local ones.
func (m *Mirror) Sync(ctx context.Context, r Remote) error {
	host, err := hostOf(r)
	if err != nil {
		return err
	}
	release, err := m.limiter.acquire(ctx, host)
	if err != nil {
		return fmt.Errorf("mirror %s: %w", r.Name, err)
	}
	defer release()

	token, remoteRefs, err := m.listRefs(ctx, host, r)
	if err != nil {
		return fmt.Errorf("mirror %s: list refs: %w", r.Name, err)
	}
	localRefs, err := m.store.Refs(ctx, r.Name)
	if err != nil {
		return fmt.Errorf("mirror %s: local refs: %w", r.Name, err)
	}
	if len(remoteRefs) == len(localRefs) && reflect.DeepEqual(remoteRefs, localRefs) {
		return nil
	}
	want, have := diffRefs(remoteRefs, localRefs)
	if len(want) > 0 {
		if err := m.transfer(ctx, r, token, want, have); err != nil {
			return fmt.Errorf("mirror %s: %w", r.Name, err)
		}
	}
	if err := m.store.UpdateRefs(ctx, r.Name, remoteRefs); err != nil {
		return fmt.Errorf("mirror %s: update refs: %w", r.Name, err)
	}
	m.cfg.Logger.Printf("mirror %s: updated %d refs", r.Name, len(remoteRefs))
	return nil
}

// listRefs lists the remote's refs, refreshing the host token once if the
// server rejects the cached one.
func (m *Mirror) listRefs(ctx context.Context, host string, r Remote) (string, map[string]string, error) {
	for attempt := 0; ; attempt++ {
		token, err := m.tokens.get(ctx, host)
		if err != nil {
			return "", nil, err
		}
		refs, err := m.transport.ListRefs(ctx, r.URL, token)
		if errors.Is(err, ErrUnauthorized) && attempt == 0 {
			m.tokens.invalidate(host)
			continue
		}
		if err != nil {
			return "", nil, err
		}
		return token, refs, nil
	}
}

// transfer streams a pack from the remote straight into the store,
// demultiplexing the side-band on the way.
func (m *Mirror) transfer(ctx context.Context, r Remote, token string, want, have []string) error {
	body, err := m.transport.FetchPack(ctx, r.URL, token, want, have)
	if err != nil {
		return fmt.Errorf("fetch pack: %w", err)
	}
	defer body.Close()

	pr, pw := io.Pipe()
	go func() {
		progress := func(msg string) { m.cfg.Logger.Printf("mirror %s: remote: %s", r.Name, msg) }
		pw.CloseWithError(demuxSideband(body, pw, progress))
	}()
	if err := m.store.WritePack(ctx, r.Name, pr); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("write pack: %w", err)
	}
	return nil
}

// diffRefs returns the remote object IDs missing locally and the local
// object IDs the server can use as a base, both sorted and de-duplicated.
func diffRefs(remote, local map[string]string) (want, have []string) {
	seen := make(map[string]bool, len(local)+len(remote))
	for _, id := range local {
		if !seen[id] {
			seen[id] = true
			have = append(have, id)
		}
	}
	for _, id := range remote {
		if !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	sort.Strings(want)
	sort.Strings(have)
	return want, have
}
