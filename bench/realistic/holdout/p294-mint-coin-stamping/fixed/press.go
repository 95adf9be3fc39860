package stamping

import (
	"context"
	"fmt"
	"math"
	"time"
)

func (l *Line) runPress(p *press) {
	for {
		b, serial, ok := l.next(p)
		if !ok {
			l.cfg.Logger.Printf("press %d: stopped", p.id)
			return
		}
		l.strike(p, serial, b)
	}
}

// next blocks until the press has a usable die and a blank is available.
func (l *Line) next(p *press) (Blank, string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for p.worn && !l.closed {
		l.cond.Wait()
	}
	for len(l.queue) == 0 && !l.closed {
		l.cond.Wait()
	}
	if l.closed {
		return Blank{}, "", false
	}
	b := l.queue[0]
	l.queue = l.queue[1:]
	p.strikes++
	return b, p.serial, true
}

func (l *Line) strike(p *press, serial string, b Blank) {
	l.mu.Lock()
	n := p.strikes
	wornNow := n >= l.cfg.DieLife
	if wornNow {
		p.worn = true
	}
	l.mu.Unlock()

	// Die wear softens the strike; the force is raised a little to keep
	// relief depth over the die's life.
	wear := float64(n) / float64(l.cfg.DieLife)
	force := l.spec.StrikeForceK * (1 + 0.05*wear) * (b.MassGrams / l.spec.MassGrams)
	coin := Coin{
		Blank:     b,
		Press:     p.id,
		DieSerial: serial,
		DieStrike: n,
		Force:     math.Round(force*10) / 10,
		StruckAt:  time.Now(),
	}

	grade, err := l.inspect(coin)
	switch {
	case err != nil:
		l.out.Rejected(coin, fmt.Sprintf("inspection unavailable: %v", err))
	case grade == GradePass:
		l.out.Accepted(coin)
	case grade == GradeWeakStrike:
		l.out.Rejected(coin, "weak strike")
	case grade == GradeDieCrack:
		l.out.Rejected(coin, "die crack")
		if !wornNow {
			l.mu.Lock()
			p.worn = true
			l.mu.Unlock()
			wornNow = true
		}
	}

	if wornNow {
		l.cfg.Logger.Printf("press %d: die %s retired after %d strikes", p.id, serial, n)
		l.crew.RequestDieChange(p.id, serial, n)
	}
}

func (l *Line) inspect(c Coin) (Grade, error) {
	ctx, cancel := context.WithTimeout(l.ctx, l.cfg.InspectTimeout)
	defer cancel()
	return l.insp.Inspect(ctx, c)
}
