package fixed_backup_upload

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
		u.results <- u.put(p)
	}
}

// Backup uploads every path and counts the successes; a dry run only counts the paths.
func Backup(paths []string, dryRun bool) (int, error) {
	if dryRun {
		return len(paths), nil
	}
	u := newUploader("nightly")
	go u.run(paths) // only when someone will read every result
	ok := 0
	for range paths {
		if err := <-u.results; err == nil {
			ok++
		}
	}
	return ok, nil
}
