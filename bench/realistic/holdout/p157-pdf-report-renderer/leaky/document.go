package report

import (
	"fmt"
	"io"
	"strings"
)

// Document is a PDF being streamed from a Renderer.
type Document struct {
	ID        string
	Title     string
	PageCount int

	pr *io.PipeReader
	pw *io.PipeWriter
}

func newDocument(rep Report) *Document {
	pr, pw := io.Pipe()
	return &Document{
		ID:        rep.ID,
		Title:     rep.Title,
		PageCount: len(rep.Pages),
		pr:        pr,
		pw:        pw,
	}
}

// Read reads merged PDF bytes.
func (d *Document) Read(p []byte) (int, error) { return d.pr.Read(p) }

// Close releases the document. Rendering still in flight is abandoned.
func (d *Document) Close() error { return d.pr.Close() }

// pdfWriter emits a minimal PDF 1.7 file, tracking object offsets for the
// cross-reference table.
type pdfWriter struct {
	w       io.Writer
	offset  int64
	offsets []int64
}

func newPDFWriter(w io.Writer) *pdfWriter {
	return &pdfWriter{w: w}
}

func (p *pdfWriter) emit(b []byte) error {
	n, err := p.w.Write(b) // leak: pipe write with no reader after client abort
	p.offset += int64(n)
	return err
}

func (p *pdfWriter) object(body string) error {
	p.offsets = append(p.offsets, p.offset)
	id := len(p.offsets)
	return p.emit([]byte(fmt.Sprintf("%d 0 obj\n%s\nendobj\n", id, body)))
}

// writeDocument writes the header, catalog, page tree, each page and the
// trailer. Each piece is written separately so that clients start receiving
// bytes before the whole file is assembled.
func (p *pdfWriter) writeDocument(rep Report, bodies [][]byte, producer string) error {
	if err := p.emit([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")); err != nil {
		return err
	}
	if err := p.object("<< /Type /Catalog /Pages 2 0 R >>"); err != nil {
		return err
	}
	kids := make([]string, len(bodies))
	for i := range bodies {
		kids[i] = fmt.Sprintf("%d 0 R", i+4)
	}
	pages := fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(bodies))
	if err := p.object(pages); err != nil {
		return err
	}
	info := fmt.Sprintf("<< /Title (%s) /Author (%s) /Producer (%s) >>",
		escape(rep.Title), escape(rep.Author), escape(producer))
	if err := p.object(info); err != nil {
		return err
	}
	for _, body := range bodies {
		if err := p.object(string(body)); err != nil {
			return err
		}
	}
	return p.trailer()
}

func (p *pdfWriter) trailer() error {
	var b strings.Builder
	xref := p.offset
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n",
		len(p.offsets)+1, xref)
	return p.emit([]byte(b.String()))
}

func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}
