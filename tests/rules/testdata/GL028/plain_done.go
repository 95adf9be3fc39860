package plaindone

import "sync"

// run: u := NewUploader(); u.parts <- nil

// Uploader sends parts until one is empty, which ends the upload.
type Uploader struct {
	parts chan []byte
	wg    sync.WaitGroup
	sent  int
}

// NewUploader starts the sending goroutine.
func NewUploader() *Uploader {
	u := &Uploader{parts: make(chan []byte)}
	u.wg.Add(1)
	go u.send()
	return u
}

func (u *Uploader) send() {
	for p := range u.parts {
		if p == nil {
			u.Finish()
			break
		}
		u.sent += len(p)
	}
	u.wg.Done()
}

// Finish waits until the sender is done.
func (u *Uploader) Finish() int {
	u.wg.Wait() // want "`u.wg.Wait\\(\\)` is reached from `send` \\(through `u.Finish`\\)"
	return u.sent
}
