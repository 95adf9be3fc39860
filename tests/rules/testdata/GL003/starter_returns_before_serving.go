// The directory check returns on a read error before it stops its watcher: that
// watcher waits on `watchDone` for a send no method will make for it.
package fsck

import "os"

type checker struct {
	corrupt   chan string
	watchDone chan struct{}
	bad       []string
}

func (ck *checker) watch(path string) {
	for {
		select { // want "goroutine `watch` blocks forever receiving from `ck.watchDone`"
		case item := <-ck.corrupt:
			ck.bad = append(ck.bad, path+item)
		case <-ck.watchDone:
			return
		}
	}
}

func (ck *checker) dir(path string) {
	go ck.watch(path)
	entries, err := os.ReadDir(path)
	if err != nil {
		return
	}
	ck.watchDone <- struct{}{}
	for _, e := range entries {
		if e.IsDir() {
			ck.dir(path + "/" + e.Name())
		} else {
			ck.file(path + "/" + e.Name())
		}
	}
}

func (ck *checker) file(path string) {
	if path == "" {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	go ck.watch(path)
	defer func() { ck.watchDone <- struct{}{} }()
	buf := make([]byte, 10)
	for {
		n, err := f.Read(buf)
		if err != nil {
			return
		}
		_ = n
	}
}
