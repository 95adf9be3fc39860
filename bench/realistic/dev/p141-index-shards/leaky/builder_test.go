package index

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

func sampleDocs(n int) []Document {
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = Document{
			ID:   fmt.Sprintf("doc-%03d", i),
			Body: fmt.Sprintf("The quick brown fox number %d jumps", i),
		}
	}
	return docs
}

func TestBuildIndexesAllShards(t *testing.T) {
	defer goleak.VerifyNone(t)
	ix, err := NewBuilder(WithShards(3)).Build(context.Background(), sampleDocs(30))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ix.Lookup("fox")); got != 30 {
		t.Fatalf("Lookup(fox) = %d docs, want 30", got)
	}
}

var errUnsupported = errors.New("unsupported encoding")

func TestBuildReportsAnalyzerError(t *testing.T) {
	defer goleak.VerifyNone(t)
	failing := func(string) ([]string, error) { return nil, errUnsupported }
	_, err := NewBuilder(WithShards(4), WithAnalyzer(failing)).Build(context.Background(), sampleDocs(40))
	if !errors.Is(err, errUnsupported) {
		t.Fatalf("Build error = %v, want %v", err, errUnsupported)
	}
}
