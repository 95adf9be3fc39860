package upload_handler

import (
	"context"
	"log"
	"sync"
	"time"
)

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = NewServer().HandleUpload(ctx, []byte("report.pdf"))

// Server stores uploads; background work goes through goSafe so a panic cannot kill it.
type Server struct {
	mu    sync.Mutex
	blobs [][]byte
}

func NewServer() *Server { return &Server{} }

func (s *Server) goSafe(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("background task panicked: %v", r)
			}
		}()
		f()
	}()
}

func (s *Server) store(data []byte) error {
	time.Sleep(5 * time.Millisecond) // the object store is remote
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blobs = append(s.blobs, data)
	return nil
}

// HandleUpload stores data, giving up when the client goes away.
func (s *Server) HandleUpload(ctx context.Context, data []byte) error {
	stored := make(chan error)
	s.goSafe(func() {
		stored <- s.store(data) // want "blocks forever"
	})
	select {
	case err := <-stored:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
