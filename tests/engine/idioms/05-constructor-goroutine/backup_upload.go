package backup_upload

import (
	"errors"
	"strings"
)

// run: _, _ = Backup([]string{"/etc/hosts", "/etc/passwd"}, true)

type uploader struct {
	bucket  string
	results chan error
}

func newUploader(bucket string) *uploader {
	return &uploader{bucket: bucket, results: make(chan error)}
}

func (u *uploader) put(path string) error {
	if strings.Contains(path, "..") {
		return errors.New("refusing relative path " + path)
	}
	return nil
}

func (u *uploader) run(paths []string) {
	for _, p := range paths {
		u.results <- u.put(p) // want "blocks forever"
	}
}

// Backup uploads every path and counts the successes; a dry run only counts the paths.
func Backup(paths []string, dryRun bool) (int, error) {
	u := newUploader("nightly")
	go u.run(paths)
	if dryRun {
		return len(paths), nil
	}
	ok := 0
	for range paths {
		if err := <-u.results; err == nil {
			ok++
		}
	}
	return ok, nil
}
