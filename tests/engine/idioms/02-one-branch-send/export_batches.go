package export_batches

import "fmt"

// run: _ = Export([]string{"a", "b", "c", "d", "e"}, 2)

type batch struct {
	seq   int
	rows  []string
	final bool
}

type exporter struct {
	written int
}

func (e *exporter) write(b batch) {
	e.written += len(b.rows)
}

func split(rows []string, size int) [][]string {
	var out [][]string
	for len(rows) > size {
		out = append(out, rows[:size])
		rows = rows[size:]
	}
	return append(out, rows)
}

// Export streams rows in batches of size through a producer goroutine.
func Export(rows []string, size int) error {
	chunks := split(rows, size)
	out := make(chan batch)
	go func() {
		for i, c := range chunks {
			out <- batch{seq: i, rows: c}
		}
		out <- batch{seq: len(chunks), final: true} // want "blocks forever"
	}()
	e := &exporter{}
	for i := 0; i < len(chunks); i++ {
		e.write(<-out)
	}
	if e.written != len(rows) {
		return fmt.Errorf("exported %d of %d rows", e.written, len(rows))
	}
	return nil
}
