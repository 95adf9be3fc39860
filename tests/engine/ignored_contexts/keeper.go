package keeper

import (
	"context"
	"time"
)

type Store interface {
	Claim(ctx context.Context, owner string) (bool, error)
	Extend(owner string) error
}

// Keeper holds a claim on a shared record for as long as its context lives.
type Keeper struct {
	store Store
	owner string
	yield chan struct{}
}

func NewKeeper(s Store, owner string) *Keeper {
	return &Keeper{store: s, owner: owner, yield: make(chan struct{}, 1)}
}

// Run claims and keeps the record in the background until ctx ends.
func (k *Keeper) Run(ctx context.Context) { go k.loop(ctx) }

// Yield gives the record up; the keeper claims it again later.
func (k *Keeper) Yield() {
	select {
	case k.yield <- struct{}{}:
	default:
	}
}

func (k *Keeper) loop(ctx context.Context) {
	for ctx.Err() == nil {
		ok, err := k.store.Claim(ctx, k.owner)
		if err != nil || !ok {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
			continue
		}
		_ = k.hold(ctx)
	}
}

// hold extends the claim until the keeper yields or an extension fails.
func (k *Keeper) hold(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-k.yield:
			return nil
		case <-t.C:
			if err := k.store.Extend(k.owner); err != nil {
				return err
			}
		}
	}
}
