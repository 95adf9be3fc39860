package bundle

import (
	"archive/tar"
	"fmt"
	"io"
)

func (b *Builder) writeEntry(tw *tar.Writer, e Entry) error {
	rc, err := b.src.Open(e.Name)
	if err != nil {
		return err
	}
	defer rc.Close()

	mode := e.Mode
	if mode == 0 {
		mode = 0o644
	}
	mt := e.ModTime
	if mt.IsZero() {
		mt = b.now()
	}
	hdr := &tar.Header{
		Name:     e.Name,
		Mode:     mode,
		Size:     e.Size,
		ModTime:  mt,
		Typeflag: tar.TypeReg,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	n, err := io.Copy(tw, io.LimitReader(rc, e.Size))
	if err != nil {
		return err
	}
	if n != e.Size {
		return fmt.Errorf("short content: got %d of %d bytes", n, e.Size)
	}
	return nil
}
