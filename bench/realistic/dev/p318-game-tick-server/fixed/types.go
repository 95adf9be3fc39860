package tickserver

import "time"

// PlayerID identifies a player across reconnects.
type PlayerID string

// Input is one client command. Seq increases monotonically per player and is
// echoed back in snapshots so clients can reconcile their prediction.
type Input struct {
	Seq    uint32
	MoveX  float32
	MoveY  float32
	Action string
}

// Snapshot is the per-player view of the world sent after every tick.
type Snapshot struct {
	Tick   uint64
	AckSeq uint32 // last input Seq from this player applied by the server
	State  []byte // encoded world state produced by the Game
}

// Game is the simulation driven by the server. All methods are called with
// the server's lock held, so implementations need no locking of their own.
type Game interface {
	AddPlayer(id PlayerID)
	RemovePlayer(id PlayerID)
	Apply(id PlayerID, in Input)
	Step(tick uint64, dt time.Duration)
	Encode(tick uint64) []byte
}

// Conn is the transport to one client. WriteSnapshot may block on the
// network; it is only called from the player's own writer goroutine.
type Conn interface {
	WriteSnapshot(s Snapshot) error
	Close() error
}

// Ticker is the subset of *time.Ticker used by the tick loop.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

func newRealTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }
