package refill

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrUnknownPatient is returned for a patient without a profile.
var ErrUnknownPatient = errors.New("unknown patient")

// ErrUnknownRx is returned for a prescription number not on the patient's profile.
var ErrUnknownRx = errors.New("unknown prescription")

// Prescription is a prescription on file at the pharmacy.
type Prescription struct {
	Number      string
	Drug        string
	NDC         string
	Quantity    int
	DaysSupply  int
	RefillsLeft int
	Prescriber  string
	Written     time.Time
	LastFilled  time.Time
	// PriorAuthRef is set while a prior authorization request is open
	// with the prescriber.
	PriorAuthRef string
}

// Fill is one dispensed refill.
type Fill struct {
	RxNumber string
	NDC      string
	Quantity int
	AuthCode string
	Copay    int64
	At       time.Time
}

// patientRecord is the pharmacy profile of one patient. Its mutex serialises
// refills so that two channels (app and phone line) cannot fill the same
// prescription twice.
type patientRecord struct {
	id       string
	memberID string

	mu            sync.RWMutex
	prescriptions map[string]*Prescription
	fills         []Fill
	notes         []string
}

// Enroll creates a profile for a patient with their insurance member ID.
func (s *Service) Enroll(patientID, memberID string) error {
	if patientID == "" || memberID == "" {
		return errors.New("refill: patient and member ID are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.patients[patientID]; ok {
		return fmt.Errorf("refill: patient %s already enrolled", patientID)
	}
	s.patients[patientID] = &patientRecord{
		id:            patientID,
		memberID:      memberID,
		prescriptions: make(map[string]*Prescription),
	}
	return nil
}

// AddPrescription puts a new prescription on a patient's profile.
func (s *Service) AddPrescription(patientID string, rx Prescription) error {
	if rx.Number == "" || rx.NDC == "" || rx.Quantity <= 0 || rx.DaysSupply <= 0 {
		return fmt.Errorf("refill: incomplete prescription %+v", rx)
	}
	rec, err := s.patient(patientID)
	if err != nil {
		return err
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if _, ok := rec.prescriptions[rx.Number]; ok {
		return fmt.Errorf("refill: prescription %s already on file", rx.Number)
	}
	if rx.Written.IsZero() {
		rx.Written = s.now()
	}
	rec.prescriptions[rx.Number] = &rx
	return nil
}

// History returns a patient's fills, most recent first.
func (s *Service) History(patientID string) ([]Fill, error) {
	rec, err := s.patient(patientID)
	if err != nil {
		return nil, err
	}
	rec.mu.RLock()
	out := append([]Fill(nil), rec.fills...)
	rec.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

func (s *Service) patient(id string) (*patientRecord, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.patients[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPatient, id)
	}
	return rec, nil
}
