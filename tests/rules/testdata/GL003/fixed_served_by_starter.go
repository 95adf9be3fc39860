// Each check starts a watcher for corruptions found while it reads, and stops it
// with one send on the shared `watchDone` before it returns or moves on: every
// method that starts one serves it on every path, so no other method ever finds a
// watcher waiting (SERVED_BY_ITS_STARTER).
package fsck

import "os"

type checker struct {
	corrupt   chan string
	watchDone chan struct{}
	bad       []string
}

func (ck *checker) watch(path string) {
	for {
		select {
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
	ck.watchDone <- struct{}{}
	if err != nil {
		return
	}
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
