package refill

import (
	"context"
	"fmt"
)

// MessageKind classifies patient notifications.
type MessageKind string

// Notification kinds.
const (
	MsgNotCovered MessageKind = "not-covered"
	MsgPriorAuth  MessageKind = "prior-auth"
	MsgInReview   MessageKind = "in-review"
)

// Message is a patient notification. Text never contains the drug name or
// the full prescription number, since it may be delivered by SMS.
type Message struct {
	Kind MessageKind
	Text string
}

// Notifier delivers messages to patients through their preferred channel.
type Notifier interface {
	Notify(ctx context.Context, patientID string, m Message) error
}

// notify sends m to the patient. Notification failures are logged and
// never fail the refill itself.
func (p *Processor) notify(ctx context.Context, patientID string, m Message) {
	if err := p.cfg.Notifier.Notify(ctx, patientID, m); err != nil {
		p.cfg.Logger.Printf("refill: notify patient %s (%s): %v", patientID, m.Kind, err)
	}
}

// maskRx keeps the last four characters of an Rx number.
func maskRx(rx string) string {
	if len(rx) <= 4 {
		return rx
	}
	return "…" + rx[len(rx)-4:]
}

func notCoveredMessage(r Refill) Message {
	return Message{
		Kind: MsgNotCovered,
		Text: fmt.Sprintf("Your insurance did not approve the refill of Rx %s. Please call the pharmacy to discuss your options.", maskRx(r.RxNumber)),
	}
}

func priorAuthMessage(r Refill) Message {
	return Message{
		Kind: MsgPriorAuth,
		Text: fmt.Sprintf("Your plan needs your prescriber's approval before we can refill Rx %s. Please ask your prescriber to request it.", maskRx(r.RxNumber)),
	}
}

func inReviewMessage(t Task) Message {
	text := fmt.Sprintf("Your refill of Rx %s is being reviewed by a pharmacist.", maskRx(t.RxNumber))
	if t.Coverage.CopayCents > 0 {
		text += fmt.Sprintf(" Your copay is $%d.%02d.", t.Coverage.CopayCents/100, t.Coverage.CopayCents%100)
	}
	return Message{Kind: MsgInReview, Text: text}
}
