package feed

import (
	"errors"
	"sync"
)

// Screen shows frames to one viewer.
type Screen interface {
	Show(frame []byte) error
}

// viewer receives the newest frame through out; a writer goroutine forwards them.
// Fields are guarded by Wall.mu.
type viewer struct {
	name   string
	screen Screen
	out    chan []byte
	closed bool
}

// offer hands the writer the newest frame, dropping an unsent older one.
func (v *viewer) offer(frame []byte) {
	if v.closed {
		return
	}
	select {
	case v.out <- frame:
		return
	default:
	}
	select {
	case <-v.out:
	default:
	}
	v.out <- frame
}

// close ends the writer once the frames queued are shown.
func (v *viewer) close() {
	if v.closed {
		return
	}
	v.closed = true
	close(v.out)
}

func (v *viewer) write(w *Wall) {
	for frame := range v.out {
		if err := v.screen.Show(frame); err != nil {
			w.drop(v)
		}
	}
}

// Wall shows every frame on every viewer's screen.
type Wall struct {
	mu      sync.Mutex
	viewers map[string]*viewer
}

// ErrTaken is returned for a name already watching.
var ErrTaken = errors.New("feed: name taken")

// NewWall returns a wall with no viewers.
func NewWall() *Wall { return &Wall{viewers: make(map[string]*viewer)} }

// Watch adds a viewer.
func (w *Wall) Watch(name string, s Screen) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.viewers[name]; ok {
		return ErrTaken
	}
	v := &viewer{name: name, screen: s, out: make(chan []byte, 1)}
	w.viewers[name] = v
	go v.write(w)
	return nil
}

// Broadcast offers a frame to every viewer.
func (w *Wall) Broadcast(frame []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, v := range w.viewers {
		v.offer(frame)
	}
}

func (w *Wall) drop(v *viewer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.viewers, v.name)
	v.close()
}

// Close stops every viewer.
func (w *Wall) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for name, v := range w.viewers {
		delete(w.viewers, name)
		v.close()
	}
}
