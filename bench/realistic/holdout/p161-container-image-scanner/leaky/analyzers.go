package imagescan

import (
	"bufio"
	"bytes"
	"context"
)

// DefaultAnalyzers returns the built-in analyzers.
func DefaultAnalyzers() []Analyzer {
	return []Analyzer{apkAnalyzer{}}
}

type apkAnalyzer struct{}

func (apkAnalyzer) Wants(p string) bool { return p == "lib/apk/db/installed" }

// Analyze parses the apk installed database, where each package is a block
// of single-letter keyed lines.
func (apkAnalyzer) Analyze(ctx context.Context, f File) ([]Package, error) {
	var out []Package
	var cur Package
	flush := func() {
		if cur.Name != "" && cur.Version != "" {
			cur.Ecosystem = "alpine"
			out = append(out, cur)
		}
		cur = Package{}
	}
	sc := bufio.NewScanner(bytes.NewReader(f.Data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			flush()
			continue
		}
		if len(line) < 2 || line[1] != ':' {
			continue
		}
		switch line[0] {
		case 'P':
			cur.Name = line[2:]
		case 'V':
			cur.Version = line[2:]
		}
	}
	flush()
	return out, sc.Err()
}
