package fixed_compress_upload

import (
	"bytes"
	"compress/gzip"
	"log"
	"time"
)

// run: NewArchiver(time.Millisecond).Archive([]byte("nightly report"))

// Archiver compresses and uploads blobs in the background.
type Archiver struct {
	uploadWait time.Duration
	uploaded   chan int
}

func NewArchiver(wait time.Duration) *Archiver {
	return &Archiver{uploadWait: wait, uploaded: make(chan int, 16)}
}

func compress(data []byte) []byte {
	time.Sleep(10 * time.Millisecond) // big inputs take a while
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return buf.Bytes()
}

// Archive returns at once: one goroutine compresses, another uploads what it gets in time.
func (a *Archiver) Archive(data []byte) {
	compressed := make(chan []byte, 1) // the uploader may have given up before compression ends
	go func() {
		compressed <- compress(data)
	}()
	go func() {
		select {
		case blob := <-compressed:
			a.uploaded <- len(blob)
		case <-time.After(a.uploadWait):
			log.Printf("upload window missed, skipping %d bytes", len(data))
		}
	}()
}
