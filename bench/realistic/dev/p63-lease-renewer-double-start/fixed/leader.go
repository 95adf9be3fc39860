package lease

// Callbacks mirrors the hooks a leader elector invokes.
type Callbacks struct {
	OnStartedLeading func()
	OnStoppedLeading func()
}

// Hooks wires a Renewer into leader election callbacks: renew while leading,
// stop when leadership ends.
func (r *Renewer) Hooks() Callbacks {
	return Callbacks{
		OnStartedLeading: r.Start,
		OnStoppedLeading: r.Stop,
	}
}
