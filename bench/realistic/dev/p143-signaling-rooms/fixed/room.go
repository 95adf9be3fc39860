package signaling

type requestKind int

const (
	kindJoin requestKind = iota
	kindOffer
	kindAnswer
)

// request is what peers hand to their room's goroutine.
type request struct {
	kind   requestKind
	peer   *Peer
	to     string
	msg    Message
	reply  chan error  // join and offer: result of the request
	answer chan string // offer: where the callee's answer goes
}

type room struct {
	name    string
	inbox   chan request
	quit    chan struct{}
	peers   map[string]*Peer
	pending map[string]chan string
}

func newRoom(name string) *room {
	return &room{
		name:    name,
		inbox:   make(chan request),
		quit:    make(chan struct{}),
		peers:   make(map[string]*Peer),
		pending: make(map[string]chan string),
	}
}

// submit hands req to the room goroutine.
func (r *room) submit(req request) error {
	select {
	case r.inbox <- req:
		return nil
	case <-r.quit:
		return ErrClosed
	}
}

func (r *room) run() {
	for {
		select {
		case req := <-r.inbox:
			r.handle(req)
		case <-r.quit:
			return
		}
	}
}

func (r *room) handle(req request) {
	switch req.kind {
	case kindJoin:
		if _, dup := r.peers[req.peer.ID]; dup {
			req.reply <- ErrDuplicateID
			return
		}
		r.peers[req.peer.ID] = req.peer
		req.reply <- nil
	case kindOffer:
		callee, ok := r.peers[req.to]
		if !ok {
			req.reply <- ErrUnknownPeer
			return
		}
		r.pending[req.msg.CallID] = req.answer
		select {
		case callee.out <- req.msg:
		default: // callee is not keeping up; it will miss this offer
		}
		req.reply <- nil
	case kindAnswer:
		waiter, ok := r.pending[req.msg.CallID]
		if !ok {
			return
		}
		delete(r.pending, req.msg.CallID)
		waiter <- req.msg.SDP
	}
}
