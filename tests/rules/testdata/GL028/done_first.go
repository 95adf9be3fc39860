package donefirst

import "sync"

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
			break
		}
		u.sent += len(p)
	}
	u.wg.Done()
	// Done already paid: Finish returns at once.
	_ = u.Finish()
}

// Finish waits until the sender is done.
func (u *Uploader) Finish() int {
	u.wg.Wait()
	return u.sent
}
