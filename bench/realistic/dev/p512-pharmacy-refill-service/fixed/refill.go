package refill

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Refusal reasons checked before the claim is sent.
var (
	ErrNoRefills = errors.New("no refills remaining")
	ErrTooSoon   = errors.New("refill too soon")
	ErrExpired   = errors.New("prescription expired")
)

// Request is a refill request from the app, the IVR line or the counter.
type Request struct {
	PatientID string
	RxNumber  string
	Channel   string
}

// Receipt confirms a refill queued for pickup.
type Receipt struct {
	RxNumber string
	Drug     string
	Copay    int64
	Ready    time.Time
}

func (s *Service) eligible(rx *Prescription, now time.Time) error {
	if now.Sub(rx.Written) > s.cfg.ValidFor {
		return fmt.Errorf("%w: %s written %s", ErrExpired, rx.Number, rx.Written.Format("2006-01-02"))
	}
	if rx.RefillsLeft <= 0 {
		return fmt.Errorf("%w: %s", ErrNoRefills, rx.Number)
	}
	if !rx.LastFilled.IsZero() {
		wait := time.Duration(float64(rx.DaysSupply) * s.cfg.EarlyRefillRatio * float64(24*time.Hour))
		if next := rx.LastFilled.Add(wait); now.Before(next) {
			return fmt.Errorf("%w: %s eligible from %s", ErrTooSoon, rx.Number, next.Format("2006-01-02"))
		}
	}
	return nil
}

// RequestRefill checks, adjudicates and reserves a refill. When the plan
// requires prior authorization, a request is sent to the prescriber in the
// background and the denial is returned to the caller.
func (s *Service) RequestRefill(ctx context.Context, req Request) (Receipt, error) {
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return Receipt{}, ErrClosed
	}
	rec, err := s.patient(req.PatientID)
	if err != nil {
		return Receipt{}, err
	}

	rec.mu.Lock()
	rx, ok := rec.prescriptions[req.RxNumber]
	if !ok {
		rec.mu.Unlock()
		return Receipt{}, fmt.Errorf("%w: %s", ErrUnknownRx, req.RxNumber)
	}
	now := s.now()
	if err := s.eligible(rx, now); err != nil {
		rec.mu.Unlock()
		s.audit(rec.id, rx.Number, "refused: "+err.Error())
		return Receipt{}, err
	}

	auth, err := s.insurer.Adjudicate(ctx, Claim{
		MemberID:   rec.memberID,
		NDC:        rx.NDC,
		Quantity:   rx.Quantity,
		DaysSupply: rx.DaysSupply,
		FillDate:   now,
	})
	if err != nil {
		var denial *DenialError
		if errors.As(err, &denial) && denial.Code == RejectPriorAuth && rx.PriorAuthRef == "" {
			rec.mu.Unlock()
			go s.requestPriorAuth(rec, rx.Number, rx.Drug, rx.Prescriber)
			s.audit(rec.id, rx.Number, "prior authorization required")
			return Receipt{}, fmt.Errorf("refill %s: %w", rx.Number, err)
		}
		rec.mu.Unlock()
		s.audit(rec.id, rx.Number, "claim failed: "+err.Error())
		return Receipt{}, fmt.Errorf("refill %s: %w", rx.Number, err)
	}

	if err := s.inventory.Reserve(ctx, rx.NDC, rx.Quantity); err != nil {
		rec.mu.Unlock()
		s.audit(rec.id, rx.Number, "out of stock")
		return Receipt{}, fmt.Errorf("refill %s: reserve stock: %w", rx.Number, err)
	}
	rx.RefillsLeft--
	rx.LastFilled = now
	rec.fills = append(rec.fills, Fill{
		RxNumber: rx.Number,
		NDC:      rx.NDC,
		Quantity: rx.Quantity,
		AuthCode: auth.Code,
		Copay:    auth.Copay,
		At:       now,
	})
	receipt := Receipt{RxNumber: rx.Number, Drug: rx.Drug, Copay: auth.Copay, Ready: now.Add(2 * time.Hour)}
	rec.mu.Unlock()

	s.audit(rec.id, rx.Number, "filled "+auth.Code)
	msg := fmt.Sprintf("Your %s refill will be ready after %s.", receipt.Drug, receipt.Ready.Format("15:04"))
	if err := s.notifier.NotifyPatient(ctx, rec.id, msg); err != nil {
		s.log.Printf("notify %s: %v", rec.id, err)
	}
	return receipt, nil
}

// requestPriorAuth asks the prescriber to submit a prior authorization and
// records the transmission on the patient's profile.
func (s *Service) requestPriorAuth(rec *patientRecord, rxNumber, drug, prescriber string) {
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	msg := fmt.Sprintf("Prior authorization required for %s (Rx %s, patient %s).", drug, rxNumber, rec.id)
	ref, err := s.notifier.NotifyPrescriber(ctx, prescriber, msg)
	if err != nil {
		s.log.Printf("prior auth for %s: %v", rxNumber, err)
		return
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rx, ok := rec.prescriptions[rxNumber]; ok {
		rx.PriorAuthRef = ref
	}
	rec.notes = append(rec.notes, fmt.Sprintf("%s: PA request %s sent to %s", s.now().Format(time.RFC3339), ref, prescriber))
}
