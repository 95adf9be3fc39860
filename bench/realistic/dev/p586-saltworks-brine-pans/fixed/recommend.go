package brinepans

import "fmt"

// Action is what the pan crew should do with a pan.
type Action int

const (
	ActionNone Action = iota
	ActionTopUp
	ActionTransfer
	ActionHarvest
	ActionDrainBittern
)

func (a Action) String() string {
	switch a {
	case ActionNone:
		return "none"
	case ActionTopUp:
		return "top-up"
	case ActionTransfer:
		return "transfer"
	case ActionHarvest:
		return "harvest"
	case ActionDrainBittern:
		return "drain-bittern"
	default:
		return fmt.Sprintf("action(%d)", int(a))
	}
}

// Recommendation is a single suggested move for the crew.
type Recommendation struct {
	Pan    PanID
	Action Action
	To     PanID
	Reason string
}

func (p *Planner) recommend(pan Pan, s Summary) Recommendation {
	rec := Recommendation{Pan: pan.ID}
	switch pan.Stage {
	case StageConcentrator:
		if s.MeanBaume >= pan.TargetBaume && pan.Next != "" {
			rec.Action = ActionTransfer
			rec.To = pan.Next
			rec.Reason = fmt.Sprintf("mean %.1f°Bé reached target %.1f°Bé", s.MeanBaume, pan.TargetBaume)
			return rec
		}
		if s.MinDepthCM < p.cfg.MinDepthCM {
			rec.Action = ActionTopUp
			rec.Reason = fmt.Sprintf("depth %.0fcm below %.0fcm", s.MinDepthCM, p.cfg.MinDepthCM)
		}
	case StageCrystallizer:
		switch {
		case s.MaxBaume >= p.cfg.BitternBaume:
			rec.Action = ActionDrainBittern
			rec.Reason = fmt.Sprintf("max %.1f°Bé at or above bittern point %.1f°Bé", s.MaxBaume, p.cfg.BitternBaume)
		case s.MeanBaume >= p.cfg.HarvestBaume && s.MinDepthCM < p.cfg.MinDepthCM:
			rec.Action = ActionHarvest
			rec.Reason = fmt.Sprintf("mean %.1f°Bé with %.0fcm brine left", s.MeanBaume, s.MinDepthCM)
		case s.MeanBaume < p.cfg.HarvestBaume:
			rec.Action = ActionTopUp
			rec.Reason = fmt.Sprintf("mean %.1f°Bé below saturation", s.MeanBaume)
		}
	}
	return rec
}
