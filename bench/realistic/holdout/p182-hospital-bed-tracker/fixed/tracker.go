package beds

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Config configures a Tracker.
type Config struct {
	// Beds lists every bed the tracker manages.
	Beds []Bed
	// Log records movements. Required.
	Log   MovementLog
	Clock Clock // defaults to the wall clock
	// FeedBuffer is how many undelivered updates a ward feed holds before
	// discarding the oldest. Defaults to 8.
	FeedBuffer int
	// PushTimeout bounds a single push to a ward display. Defaults to 5s.
	PushTimeout time.Duration
	OnPushError func(ward string, err error) // optional
}

type bedState struct {
	bed     Bed
	patient string
}

// Tracker holds the live bed state of a hospital.
type Tracker struct {
	cfg Config

	mu       sync.Mutex
	closed   bool
	seq      uint64
	beds     map[string]*bedState
	patients map[string]string // patient ID -> bed ID
	wards    map[string][]*bedState
	feeds    map[string]*wardFeed
}

// New returns a Tracker for the configured beds, all initially empty.
func New(cfg Config) (*Tracker, error) {
	if cfg.Log == nil {
		return nil, fmt.Errorf("beds: config: movement log is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.FeedBuffer <= 0 {
		cfg.FeedBuffer = 8
	}
	if cfg.PushTimeout <= 0 {
		cfg.PushTimeout = 5 * time.Second
	}
	t := &Tracker{
		cfg:      cfg,
		beds:     make(map[string]*bedState, len(cfg.Beds)),
		patients: make(map[string]string),
		wards:    make(map[string][]*bedState),
		feeds:    make(map[string]*wardFeed),
	}
	for _, b := range cfg.Beds {
		if _, dup := t.beds[b.ID]; dup {
			return nil, fmt.Errorf("config bed %s: %w", b.ID, errDuplicateBedSpec)
		}
		st := &bedState{bed: b}
		t.beds[b.ID] = st
		t.wards[b.Ward] = append(t.wards[b.Ward], st)
	}
	return t, nil
}

// AttachWard starts pushing the ward's occupancy to n, beginning with the
// current state. A display that reconnects simply attaches again.
func (t *Tracker) AttachWard(ward string, n WardNotifier) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}
	if _, ok := t.wards[ward]; !ok {
		return fmt.Errorf("attach %q: %w", ward, ErrUnknownWard)
	}
	if old, ok := t.feeds[ward]; ok {
		old.stop()
	}
	f := newWardFeed(ward, n, t.cfg.FeedBuffer, t.cfg.PushTimeout, t.cfg.OnPushError)
	t.feeds[ward] = f
	f.start()
	f.offer(t.snapshotLocked(ward))
	return nil
}

// DetachWard stops updates to the ward's display.
func (t *Tracker) DetachWard(ward string) {
	t.mu.Lock()
	f, ok := t.feeds[ward]
	delete(t.feeds, ward)
	t.mu.Unlock()
	if ok {
		f.stop()
	}
}

// Admit places a patient in an empty bed.
func (t *Tracker) Admit(ctx context.Context, patientID, bedID string, needsIsolation bool) error {
	if patientID == "" {
		return errEmptyPatientID
	}
	return t.move(ctx, Movement{Kind: Admission, PatientID: patientID, ToBed: bedID}, needsIsolation)
}

// TransferPatient moves an admitted patient to another empty bed, possibly on
// another ward.
func (t *Tracker) TransferPatient(ctx context.Context, patientID, toBed string, needsIsolation bool) error {
	return t.move(ctx, Movement{Kind: Transfer, PatientID: patientID, ToBed: toBed}, needsIsolation)
}

// DischargePatient frees the patient's bed.
func (t *Tracker) DischargePatient(ctx context.Context, patientID string) error {
	return t.move(ctx, Movement{Kind: Discharge, PatientID: patientID}, false)
}

func (t *Tracker) move(ctx context.Context, m Movement, needsIsolation bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return ErrClosed
	}

	current, admitted := t.patients[m.PatientID]
	switch m.Kind {
	case Admission:
		if admitted {
			return fmt.Errorf("admit %s: in bed %s: %w", m.PatientID, current, ErrAlreadyAdmitted)
		}
	case Transfer, Discharge:
		if !admitted {
			return fmt.Errorf("%s %s: %w", m.Kind, m.PatientID, ErrNotAdmitted)
		}
		m.FromBed = current
	default:
		return fmt.Errorf("%v: %w", m.Kind, errInvalidMovement)
	}

	var to *bedState
	if m.Kind != Discharge {
		var ok bool
		if to, ok = t.beds[m.ToBed]; !ok {
			return fmt.Errorf("%s %s to %s: %w", m.Kind, m.PatientID, m.ToBed, ErrUnknownBed)
		}
		if m.ToBed == m.FromBed {
			return fmt.Errorf("%s %s: %w", m.Kind, m.PatientID, ErrSameBedTransfer)
		}
		if to.patient != "" {
			return fmt.Errorf("%s %s to %s: %w", m.Kind, m.PatientID, m.ToBed, ErrBedOccupied)
		}
		if needsIsolation && !to.bed.Isolation {
			return fmt.Errorf("%s %s to %s: %w", m.Kind, m.PatientID, m.ToBed, ErrIsolationNeeded)
		}
	}

	m.At = t.cfg.Clock.Now()
	if err := t.cfg.Log.Append(ctx, m); err != nil {
		return fmt.Errorf("record %s of %s: %w", m.Kind, m.PatientID, err)
	}

	affected := make(map[string]bool, 2)
	if m.FromBed != "" {
		from := t.beds[m.FromBed]
		from.patient = ""
		affected[from.bed.Ward] = true
		delete(t.patients, m.PatientID)
	}
	if to != nil {
		to.patient = m.PatientID
		t.patients[m.PatientID] = to.bed.ID
		affected[to.bed.Ward] = true
	}
	for ward := range affected {
		if f, ok := t.feeds[ward]; ok {
			f.offer(t.snapshotLocked(ward))
		}
	}
	return nil
}

// Occupancy returns the current state of a ward.
func (t *Tracker) Occupancy(ward string) (Occupancy, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.wards[ward]; !ok {
		return Occupancy{}, fmt.Errorf("occupancy %q: %w", ward, ErrUnknownWard)
	}
	return t.snapshotLocked(ward), nil
}

func (t *Tracker) snapshotLocked(ward string) Occupancy {
	t.seq++
	occ := Occupancy{Ward: ward, Seq: t.seq, AsOf: t.cfg.Clock.Now()}
	for _, st := range t.wards[ward] {
		occ.Total++
		switch {
		case st.patient != "":
			occ.Occupied++
		case st.bed.Isolation:
			occ.Isolation++
		}
	}
	return occ
}

// Close stops all ward feeds after delivering their pending updates.
// Movements after Close fail with ErrClosed.
func (t *Tracker) Close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	feeds := t.feeds
	t.feeds = nil
	t.mu.Unlock()

	for _, f := range feeds {
		f.stop()
	}
}
