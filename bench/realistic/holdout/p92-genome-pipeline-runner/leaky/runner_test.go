package pipeline

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSource map[string]string

func (m memSource) Open(_ context.Context, sample string) (io.ReadCloser, error) {
	data, ok := m[sample]
	if !ok {
		return nil, errors.New("no such sample")
	}
	return io.NopCloser(strings.NewReader(data)), nil
}

type memCheckpoints struct {
	mu  sync.Mutex
	cps map[string]Checkpoint
}

func (m *memCheckpoints) Load(_ context.Context, sample string) (Checkpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cps[sample], nil
}

func (m *memCheckpoints) Save(_ context.Context, sample string, cp Checkpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cps[sample] = cp
	return nil
}

var errIndexMismatch = errors.New("reference index does not match genome build")

// crashingAligner consumes the first read and then fails, as an aligner
// does when it notices a bad reference index only once mapping begins.
type crashingAligner struct{}

func (crashingAligner) Align(_ context.Context, sample string, reads io.Reader) (string, error) {
	br := bufio.NewReader(reads)
	for i := 0; i < 4; i++ {
		if _, err := br.ReadString('\n'); err != nil {
			return "", err
		}
	}
	return "", errIndexMismatch
}

type stubCaller struct{}

func (stubCaller) Call(_ context.Context, sample, bam string) (string, error) {
	return "/data/vcf/" + sample + ".vcf.gz", nil
}

func fastq(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("@read" + string(rune('A'+i)) + "\n")
		b.WriteString(strings.Repeat("ACGT", 12) + "\n+\n")
		b.WriteString(strings.Repeat("I", 44) + "##!!\n")
	}
	return b.String()
}

func TestAlignFailureIsReportedAndNotCheckpointed(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memCheckpoints{cps: make(map[string]Checkpoint)}
	r, err := New(Config{
		Source:      memSource{"NA12878": fastq(5)},
		Aligner:     crashingAligner{},
		Caller:      stubCaller{},
		Checkpoints: store,
		Now:         func() time.Time { return time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	results, err := r.Run(context.Background(), []string{"NA12878"})
	if !errors.Is(err, errIndexMismatch) {
		t.Fatalf("Run error = %v, want %v", err, errIndexMismatch)
	}
	if len(results) != 0 {
		t.Fatalf("unexpected results %+v", results)
	}
	if cp, _ := store.Load(context.Background(), "NA12878"); cp.Stage != StagePending {
		t.Fatalf("checkpoint advanced to %s", cp.Stage)
	}
}
