package export

import (
	"encoding/csv"
	"io"
)

type writeResult struct {
	rows int
	err  error
}

// writeCSV writes header and then every row until rows is closed. After a write
// error it keeps draining rows, so the fetcher is never left blocked.
func writeCSV(w io.Writer, header []string, rows <-chan Row) (int, error) {
	cw := csv.NewWriter(w)
	err := cw.Write(header)
	n := 0
	for r := range rows {
		if err != nil {
			continue
		}
		if err = cw.Write(r); err == nil {
			n++
		}
	}
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}
