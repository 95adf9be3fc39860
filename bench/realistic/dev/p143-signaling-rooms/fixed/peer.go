package signaling

import (
	"context"
	"fmt"
)

// Message kinds delivered to peers.
const (
	KindOffer  = "offer"
	KindAnswer = "answer"
)

// Message is a signaling message as seen by a peer.
type Message struct {
	Kind   string
	CallID string
	From   string
	SDP    string
}

// Peer is one participant of a room.
type Peer struct {
	ID     string
	server *Server
	room   *room
	out    chan Message
}

// Messages delivers offers addressed to this peer.
func (p *Peer) Messages() <-chan Message { return p.out }

// Call sends an offer to the peer called to and waits for its answer.
func (p *Peer) Call(ctx context.Context, to, offer string) (string, error) {
	answer := make(chan string, 1)
	reply := make(chan error, 1)
	msg := Message{Kind: KindOffer, CallID: fmt.Sprintf("%s-%d", p.ID, p.server.callSeq.Add(1)), From: p.ID, SDP: offer}
	if err := p.room.submit(request{kind: kindOffer, to: to, msg: msg, reply: reply, answer: answer}); err != nil {
		return "", err
	}
	if err := <-reply; err != nil {
		return "", fmt.Errorf("call %s: %w", to, err)
	}

	ctx, cancel := context.WithTimeout(ctx, p.server.answerTimeout)
	defer cancel()
	select {
	case sdp := <-answer:
		return sdp, nil
	case <-ctx.Done():
		return "", fmt.Errorf("call %s (%s): %w", to, msg.CallID, ErrNoAnswer)
	}
}

// Answer sends this peer's session description back to the caller of callID.
// It returns once the room has accepted the answer.
func (p *Peer) Answer(callID, sdp string) error {
	msg := Message{Kind: KindAnswer, CallID: callID, From: p.ID, SDP: sdp}
	return p.room.submit(request{kind: kindAnswer, msg: msg})
}
