package tmsync

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

const tmxDateFormat = "20060102T150405Z"

type tmxDoc struct {
	XMLName xml.Name  `xml:"tmx"`
	Version string    `xml:"version,attr"`
	Header  tmxHeader `xml:"header"`
	Units   []tmxUnit `xml:"body>tu"`
}

type tmxHeader struct {
	CreationTool    string `xml:"creationtool,attr"`
	CreationVersion string `xml:"creationtoolversion,attr"`
	DataType        string `xml:"datatype,attr"`
	SegType         string `xml:"segtype,attr"`
	AdminLang       string `xml:"adminlang,attr"`
	SrcLang         string `xml:"srclang,attr"`
	OTMF            string `xml:"o-tmf,attr"`
	CreationDate    string `xml:"creationdate,attr"`
}

type tmxUnit struct {
	TUID       string       `xml:"tuid,attr"`
	ChangeDate string       `xml:"changedate,attr,omitempty"`
	ChangeID   string       `xml:"changeid,attr,omitempty"`
	Variants   []tmxVariant `xml:"tuv"`
}

type tmxVariant struct {
	Lang string `xml:"xml:lang,attr"`
	Seg  string `xml:"seg"`
}

func (s *Server) header(now time.Time) tmxHeader {
	return tmxHeader{
		CreationTool:    s.toolName,
		CreationVersion: s.toolVersion,
		DataType:        "plaintext",
		SegType:         "sentence",
		AdminLang:       "en-US",
		SrcLang:         s.srcLang,
		OTMF:            "tmsync",
		CreationDate:    now.UTC().Format(tmxDateFormat),
	}
}

// writeTMX encodes units as a TMX 1.4 document.
func writeTMX(w io.Writer, hdr tmxHeader, units []Segment) error {
	doc := tmxDoc{Version: "1.4", Header: hdr, Units: make([]tmxUnit, 0, len(units))}
	for _, seg := range units {
		doc.Units = append(doc.Units, tmxUnit{
			TUID:       seg.ID,
			ChangeDate: seg.Updated.UTC().Format(tmxDateFormat),
			ChangeID:   seg.Editor,
			Variants: []tmxVariant{
				{Lang: seg.SourceLang, Seg: seg.Source},
				{Lang: seg.TargetLang, Seg: seg.Target},
			},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil { // leak: writer parked on the pipe after the upload gave up
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode tmx: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ExportTMX streams the segments selected by f to dst as a TMX document
// named name, without materialising the whole file in memory. It returns
// the number of translation units exported.
func (s *Server) ExportTMX(ctx context.Context, dst BlobStore, name string, f ExportFilter) (int, error) {
	units := s.snapshot(f)
	if len(units) == 0 {
		return 0, fmt.Errorf("export %s: %w", name, ErrNothingToExport)
	}
	hdr := s.header(s.clock.Now())

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeTMX(pw, hdr, units))
	}()

	if err := dst.Put(ctx, name, pr); err != nil {
		return 0, fmt.Errorf("export %s: upload: %w", name, err)
	}
	return len(units), nil
}
