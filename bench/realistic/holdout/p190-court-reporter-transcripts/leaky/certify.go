package transcripts

import (
	"bytes"
	"context"
	"fmt"
)

// Certify signs the transcript on behalf of the configured reporter.
func (s *Service) Certify(ctx context.Context, t *Transcript) error {
	if s.cfg.ReporterID == "" {
		return fmt.Errorf("certify %s: no reporter configured", t.SessionID)
	}
	sig, err := s.signer.Sign(ctx, s.cfg.ReporterID, canonical(t))
	if err != nil {
		return fmt.Errorf("certify %s: %w", t.SessionID, err)
	}
	t.CertifiedBy = s.cfg.ReporterID
	t.CertifiedAt = s.cfg.Now()
	t.Signature = sig
	return nil
}

// Publish files a certified transcript.
func (s *Service) Publish(ctx context.Context, t *Transcript) error {
	if len(t.Signature) == 0 {
		return fmt.Errorf("publish %s: %w", t.SessionID, ErrNotCertified)
	}
	if err := s.pub.Publish(ctx, t); err != nil {
		return fmt.Errorf("publish %s: %w", t.SessionID, err)
	}
	return nil
}

// Process ingests, certifies and publishes a session in one go.
func (s *Service) Process(ctx context.Context, caseNumber, sessionID, audioRef string) (*Transcript, error) {
	t, err := s.Ingest(ctx, caseNumber, sessionID, audioRef)
	if err != nil {
		return nil, err
	}
	if err := s.Certify(ctx, t); err != nil {
		return nil, err
	}
	if err := s.Publish(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// canonical renders the transcript in the page format the signature covers.
func canonical(t *Transcript) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "CASE %s SESSION %s\n", t.CaseNumber, t.SessionID)
	for i, seg := range t.Segments {
		fmt.Fprintf(&b, "%4d %s %s-%s %s\n", i+1, seg.Speaker, seg.Start, seg.End, seg.Text)
	}
	return b.Bytes()
}
