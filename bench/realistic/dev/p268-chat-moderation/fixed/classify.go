package moderation

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Classifier scores a message per category, from 0 (clean) to 1.
type Classifier interface {
	Name() string
	Classify(ctx context.Context, msg Message) (map[Category]float64, error)
}

type classifierResult struct {
	scores map[Category]float64
	err    error
}

// score runs all classifiers in parallel and merges their scores.
func (m *Moderator) score(ctx context.Context, msg Message) (Verdict, error) {
	results := make([]classifierResult, len(m.cfg.Classifiers))
	var wg sync.WaitGroup
	for i, c := range m.cfg.Classifiers {
		wg.Add(1)
		go func(i int, c Classifier) {
			defer wg.Done()
			results[i] = m.runClassifier(ctx, c, msg)
		}(i, c)
	}
	wg.Wait()

	v := Verdict{MessageID: msg.ID, Scores: make(map[Category]float64)}
	answered := 0
	for i, r := range results {
		if r.err != nil {
			v.Degraded = append(v.Degraded, m.cfg.Classifiers[i].Name())
			continue
		}
		answered++
		for cat, s := range r.scores {
			if s > v.Scores[cat] {
				v.Scores[cat] = s
			}
		}
	}
	if answered < m.cfg.MinClassifiers {
		return v, fmt.Errorf("message %s: %w (%d of %d)", msg.ID, ErrTooFewClassifiers, answered, m.cfg.MinClassifiers)
	}
	v.Flagged = m.worstCategory(v.Scores)
	return v, nil
}

// runClassifier calls c with its own timeout and turns a panic into an error.
func (m *Moderator) runClassifier(ctx context.Context, c Classifier, msg Message) (res classifierResult) {
	defer func() {
		if r := recover(); r != nil {
			res.err = fmt.Errorf("classifier %s: %w: %v", c.Name(), ErrPanic, r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, m.cfg.ClassifierTimeout)
	defer cancel()
	scores, err := c.Classify(ctx, msg)
	if err != nil {
		return classifierResult{err: fmt.Errorf("classifier %s: %w", c.Name(), err)}
	}
	return classifierResult{scores: scores}
}

// worstCategory returns the category that exceeds its threshold by the
// largest margin, or "" if none does.
func (m *Moderator) worstCategory(scores map[Category]float64) Category {
	cats := make([]Category, 0, len(scores))
	for c := range scores {
		cats = append(cats, c)
	}
	sort.Slice(cats, func(i, j int) bool { return cats[i] < cats[j] })

	var worst Category
	best := 0.0
	for _, c := range cats {
		th, ok := m.cfg.Thresholds[c]
		if !ok {
			th = m.cfg.DefaultThreshold
		}
		if margin := scores[c] - th; margin >= 0 && (worst == "" || margin > best) {
			worst, best = c, margin
		}
	}
	return worst
}
