package thumbnails

import (
	"path/filepath"
	"strings"
	"sync"
)

// run: go func() { _ = Render([]string{"cat.jpg", "notes.txt", "dog.png"}) }()

var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true}

// Render makes a thumbnail name for every image among files.
func Render(files []string) []string {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		thumbs []string
	)
	for _, f := range files {
		wg.Add(1)
		if !imageExts[strings.ToLower(filepath.Ext(f))] {
			continue
		}
		go func(name string) {
			defer wg.Done()
			mu.Lock()
			thumbs = append(thumbs, "thumb_"+name)
			mu.Unlock()
		}(f)
	}
	wg.Wait() // want "blocks forever"
	return thumbs
}
