package chatbot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownCommand is reported when no handler matches.
var ErrUnknownCommand = errors.New("unknown command")

func (b *Bot) work(ctx context.Context) {
	defer b.wg.Done()
	for m := range b.inbox {
		text, err := b.dispatch(ctx, m)
		if err != nil {
			b.onError(err)
			text = "sorry, " + errText(err)
		}
		b.replies <- Reply{Channel: m.Channel, Text: fmt.Sprintf("@%s %s", m.User, text)}
	}
}

func (b *Bot) dispatch(ctx context.Context, m Message) (string, error) {
	fields := strings.Fields(strings.TrimPrefix(m.Text, b.prefix))
	if len(fields) == 0 {
		return "", fmt.Errorf("empty command from %s: %w", m.User, ErrUnknownCommand)
	}
	name := strings.ToLower(fields[0])
	b.mu.RLock()
	h, ok := b.handlers[name]
	b.mu.RUnlock()
	if !ok {
		return "", fmt.Errorf("%q: %w", name, ErrUnknownCommand)
	}
	out, err := h(ctx, m, fields[1:])
	if err != nil {
		return "", fmt.Errorf("command %q: %w", name, err)
	}
	return out, nil
}

func errText(err error) string {
	if errors.Is(err, ErrUnknownCommand) {
		return "I don't know that command"
	}
	return "that didn't work"
}
