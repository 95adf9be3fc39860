package agent

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
)

const maskedValue = "[MASKED]"

// masker replaces secret values in step output. Masking is done per chunk,
// so a secret split across two reads of the output is not masked; executors
// write whole lines, which keeps that case rare.
type masker struct {
	secrets [][]byte
}

func newMasker(secrets map[string]string) *masker {
	m := &masker{}
	for _, v := range secrets {
		if len(v) < 4 {
			// Masking very short values would garble the log for no gain.
			continue
		}
		m.secrets = append(m.secrets, []byte(v))
	}
	// Longest first, so a secret containing another is masked as a whole.
	sort.Slice(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
	return m
}

func (m *masker) apply(p []byte) []byte {
	out := append([]byte(nil), p...)
	for _, s := range m.secrets {
		out = bytes.ReplaceAll(out, s, []byte(maskedValue))
	}
	return out
}

// streamLogs copies step output from r to the log sink until r reports EOF.
// If the sink rejects a chunk, the rest of the output is still read (so the
// step is never blocked on its output) but no longer uploaded.
func (a *Agent) streamLogs(ctx context.Context, jobID, step string, r io.Reader, mask *masker) error {
	buf := make([]byte, a.chunkSize)
	seq := 0
	var uploadErr error
	for {
		n, err := r.Read(buf)
		if n > 0 && uploadErr == nil {
			if aerr := a.logs.Append(ctx, jobID, step, seq, mask.apply(buf[:n])); aerr != nil {
				uploadErr = fmt.Errorf("append chunk %d: %w", seq, aerr)
			}
			seq++
		}
		if err == io.EOF {
			return uploadErr
		}
		if err != nil {
			return fmt.Errorf("read step output: %w", err)
		}
	}
}
