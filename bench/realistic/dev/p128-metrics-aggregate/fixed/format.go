package exporter

import (
	"bytes"
	"io"
	"sort"
	"strconv"
	"strings"
)

// render streams families in the text exposition format. The caller reads
// the returned body to EOF or closes it.
func render(families []Family) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeText(pw, families))
	}()
	return pr
}

// writeText writes one family at a time so a large aggregate is never held
// in memory as a whole.
func writeText(w io.Writer, families []Family) error {
	var buf bytes.Buffer
	for _, f := range families {
		buf.Reset()
		buf.WriteString("# TYPE " + f.Name + " gauge\n")
		for _, s := range f.Samples {
			buf.WriteString(f.Name)
			writeLabels(&buf, s.Labels)
			buf.WriteByte(' ')
			buf.WriteString(strconv.FormatFloat(s.Value, 'g', -1, 64))
			buf.WriteByte('\n')
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func writeLabels(buf *bytes.Buffer, labels map[string]string) {
	if len(labels) == 0 {
		return
	}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(k + "=" + strconv.Quote(strings.ToValidUTF8(labels[k], "\uFFFD")))
	}
	buf.WriteByte('}')
}
