package backup

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
)

const (
	dataSuffix     = ".tar.gz"
	manifestSuffix = ".manifest.json"
	timeLayout     = "20060102T150405Z"
)

// Manifest describes one stored backup.
type Manifest struct {
	Volume          string    `json:"volume"`
	SnapshotID      string    `json:"snapshot_id"`
	DataKey         string    `json:"data_key"`
	RawBytes        int64     `json:"raw_bytes"`
	CompressedBytes int64     `json:"compressed_bytes"`
	SHA256          string    `json:"sha256"`
	StartedAt       time.Time `json:"started_at"`
	FinishedAt      time.Time `json:"finished_at"`
}

func dataKey(prefix, volume string, at time.Time) string {
	return path.Join(prefix, volume, at.Format(timeLayout)) + dataSuffix
}

func manifestKey(dataKey string) string {
	return strings.TrimSuffix(dataKey, dataSuffix) + manifestSuffix
}

func (a *Agent) putManifest(ctx context.Context, m *Manifest) error {
	buf, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	key := manifestKey(m.DataKey)
	if err := a.store.Put(ctx, key, bytes.NewReader(buf)); err != nil {
		return fmt.Errorf("upload manifest %s: %w", key, err)
	}
	return nil
}

// Prune deletes all but the newest keep backups of volume. Both the data
// object and the manifest of a pruned backup are removed; the manifest goes
// first so that a half-pruned backup is never listed as restorable.
func (a *Agent) Prune(ctx context.Context, volume string, keep int) (deleted int, err error) {
	if keep < 1 {
		return 0, fmt.Errorf("prune %s: keep must be at least 1, got %d", volume, keep)
	}
	keys, err := a.store.List(ctx, path.Join(a.prefix, volume)+"/")
	if err != nil {
		return 0, fmt.Errorf("list backups of %s: %w", volume, err)
	}
	var data []string
	for _, k := range keys {
		if strings.HasSuffix(k, dataSuffix) {
			data = append(data, k)
		}
	}
	if len(data) <= keep {
		return 0, nil
	}
	// Keys embed a sortable UTC timestamp, so lexical order is age order.
	sort.Strings(data)
	for _, k := range data[:len(data)-keep] {
		if err := a.store.Delete(ctx, manifestKey(k)); err != nil {
			return deleted, fmt.Errorf("delete manifest of %s: %w", k, err)
		}
		if err := a.store.Delete(ctx, k); err != nil {
			return deleted, fmt.Errorf("delete %s: %w", k, err)
		}
		deleted++
	}
	return deleted, nil
}
