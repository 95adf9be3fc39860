package chatbot

import (
	"context"
	"fmt"
)

// postReplies sends answers to the chat service one at a time so that replies
// to the same channel keep their order.
func (b *Bot) postReplies(ctx context.Context) {
	for r := range b.replies {
		if err := b.poster.Post(ctx, r); err != nil {
			b.onError(fmt.Errorf("chatbot: post to %s: %w", r.Channel, err))
		}
	}
}
