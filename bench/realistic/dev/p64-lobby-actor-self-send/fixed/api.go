package lobby

import (
	"context"
)

func (l *Lobby) send(ctx context.Context, c command) error {
	select {
	case l.cmds <- c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Join adds player to the lobby.
func (l *Lobby) Join(ctx context.Context, player string) error {
	return l.send(ctx, command{kind: cmdJoin, player: player})
}

// Leave removes player; if it was the host, the next player becomes host.
func (l *Lobby) Leave(ctx context.Context, player string) error {
	return l.send(ctx, command{kind: cmdLeave, player: player})
}

// Promote makes player the host.
func (l *Lobby) Promote(ctx context.Context, player string) error {
	return l.send(ctx, command{kind: cmdPromote, player: player})
}

// Snapshot returns the current membership.
func (l *Lobby) Snapshot(ctx context.Context) (State, error) {
	c := command{kind: cmdSnapshot, reply: make(chan State, 1)}
	if err := l.send(ctx, c); err != nil {
		return State{}, err
	}
	select {
	case s := <-c.reply:
		return s, nil
	case <-ctx.Done():
		return State{}, ctx.Err()
	}
}

// Close stops the lobby goroutine.
func (l *Lobby) Close() {
	l.closeOnce.Do(func() { close(l.quit) })
}
