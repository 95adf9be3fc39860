package fixedkeptpipehandedout

import (
	"archive/tar"
	"context"
	"io"
)

// run: a := Export(context.Background(), map[string][]byte{"a.txt": make([]byte, 4096), "b.txt": []byte("b")}); _ = a.Stream().Close(); _ = a.Close()

// Archive streams a tar of the exported files; Close abandons the export.
type Archive struct {
	pr     *io.PipeReader
	cancel context.CancelFunc
}

// Export starts writing the files as a tar stream the caller reads from the Archive.
func Export(ctx context.Context, files map[string][]byte) *Archive {
	ctx, cancel := context.WithCancel(ctx)
	pr, pw := io.Pipe()
	go writeTar(ctx, pw, files)
	return &Archive{pr: pr, cancel: cancel}
}

func writeTar(ctx context.Context, pw *io.PipeWriter, files map[string][]byte) {
	tw := tar.NewWriter(pw)
	for name, data := range files {
		if ctx.Err() != nil {
			pw.CloseWithError(ctx.Err())
			return
		}
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(data))}
		if err := tw.WriteHeader(hdr); err != nil {
			pw.CloseWithError(err)
			return
		}
		if _, err := tw.Write(data); err != nil {
			pw.CloseWithError(err)
			return
		}
	}
	pw.CloseWithError(tw.Close())
}

// Stream hands out the tar stream; its reader closes it when done.
func (a *Archive) Stream() io.ReadCloser { return a.pr }

// Close stops the export.
func (a *Archive) Close() error {
	a.cancel()
	return nil
}
