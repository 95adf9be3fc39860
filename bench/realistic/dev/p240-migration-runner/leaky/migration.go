// Package migrate applies versioned schema migrations to a database.
//
// A run takes an exclusive, expiring lock so that only one instance of a
// service migrates at a time, works out which migrations are still pending,
// and applies them in version order, reporting progress through an optional
// callback. A dry run does everything except apply.
package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Migration is one schema change.
type Migration struct {
	Version int64
	Name    string
	SQL     string
}

func (m Migration) String() string { return fmt.Sprintf("%04d_%s", m.Version, m.Name) }

// Checksum identifies the content of m, so that edits to a migration that
// has already been applied can be detected.
func (m Migration) Checksum() string {
	sum := sha256.Sum256([]byte(m.SQL))
	return hex.EncodeToString(sum[:])
}

// Applied describes a migration recorded as applied in the database.
type Applied struct {
	Version   int64
	Checksum  string
	AppliedAt time.Time
}

// Store is the database being migrated.
type Store interface {
	// AppliedMigrations lists the migrations recorded as applied.
	AppliedMigrations(ctx context.Context) ([]Applied, error)
	// Apply executes m and records it as applied, in one transaction.
	Apply(ctx context.Context, m Migration, checksum string) error
}

// Errors describing an inconsistent set of migrations.
var (
	ErrDuplicateVersion = errors.New("migrate: duplicate migration version")
	ErrChecksumMismatch = errors.New("migrate: applied migration has changed")
	ErrOutOfOrder       = errors.New("migrate: pending migration is older than the latest applied one")
)

// plan returns the migrations in ms that are not yet applied, in version
// order, after checking that the applied ones have not been edited since.
func plan(ms []Migration, applied []Applied, allowOutOfOrder bool) ([]Migration, error) {
	sorted := append([]Migration(nil), ms...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Version < sorted[j].Version })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Version == sorted[i-1].Version {
			return nil, fmt.Errorf("%w: %s and %s", ErrDuplicateVersion, sorted[i-1], sorted[i])
		}
	}

	done := make(map[int64]string, len(applied))
	var latest int64
	for _, a := range applied {
		done[a.Version] = a.Checksum
		if a.Version > latest {
			latest = a.Version
		}
	}

	var pending []Migration
	for _, m := range sorted {
		if sum, ok := done[m.Version]; ok {
			if sum != m.Checksum() {
				return nil, fmt.Errorf("%w: %s", ErrChecksumMismatch, m)
			}
			continue
		}
		if m.Version < latest && !allowOutOfOrder {
			return nil, fmt.Errorf("%w: %s (latest applied is %d)", ErrOutOfOrder, m, latest)
		}
		pending = append(pending, m)
	}
	return pending, nil
}
