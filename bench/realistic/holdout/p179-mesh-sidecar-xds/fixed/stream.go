package sidecar

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// session runs one discovery stream until it fails or ctx is done.
func (s *Sidecar) session(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	st, err := s.client.Open(ctx, s.cfg.Node)
	if err != nil {
		return fmt.Errorf("sidecar: open stream: %w", err)
	}
	// Resume from whatever we already run so an unchanged snapshot is not
	// pushed again.
	if err := st.Send(DiscoveryRequest{Node: s.cfg.Node, VersionInfo: s.Version()}); err != nil {
		return fmt.Errorf("sidecar: subscribe: %w", err)
	}

	// Frames do not line up with responses, so stitch them back into a
	// single byte stream for the decoder.
	pr, pw := io.Pipe()
	defer pr.Close()
	go pump(st, pw)

	dec := json.NewDecoder(pr)
	for {
		var resp DiscoveryResponse
		if err := dec.Decode(&resp); err != nil {
			return fmt.Errorf("sidecar: decode response: %w", err)
		}
		req := DiscoveryRequest{Node: s.cfg.Node, ResponseNonce: resp.Nonce}
		if err := s.apply(&resp); err != nil {
			s.log.Printf("sidecar: rejecting version %q: %v", resp.VersionInfo, err)
			req.VersionInfo = s.Version()
			req.ErrorDetail = err.Error()
		} else {
			req.VersionInfo = resp.VersionInfo
		}
		if err := st.Send(req); err != nil {
			return fmt.Errorf("sidecar: ack version %q: %w", resp.VersionInfo, err)
		}
	}
}

// pump copies frames from st into pw until either side fails.
func pump(st Stream, pw *io.PipeWriter) {
	for {
		frame, err := st.Recv()
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		if _, err := pw.Write(frame); err != nil {
			return
		}
	}
}
