package catalog

import (
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrNotAuthorized is returned when a change needs the curator's sign-off.
var ErrNotAuthorized = errors.New("catalog: curator sign-off required")

// Config describes a catalog.
type Config struct {
	// Curator is the only person allowed to grade a specimen for deaccession.
	Curator string
	// MaxHistory caps the condition reports kept per specimen.
	MaxHistory int
	Now        func() time.Time
	Logger     *log.Logger
}

// Catalog is the in-memory register of a natural history collection.
type Catalog struct {
	cfg Config
	log *log.Logger

	mu      sync.RWMutex
	items   map[string]*Specimen
	version uint64
}

// New returns an empty catalog.
func New(cfg Config) (*Catalog, error) {
	if cfg.Curator == "" {
		return nil, errors.New("catalog: a curator must be named")
	}
	if cfg.MaxHistory <= 0 {
		cfg.MaxHistory = 50
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Catalog{cfg: cfg, log: cfg.Logger, items: make(map[string]*Specimen)}, nil
}

// Add accessions a new specimen.
func (c *Catalog) Add(s Specimen) error {
	if err := s.validate(); err != nil {
		return err
	}
	sp := s.clone()
	sp.Updated = c.cfg.Now()
	if sp.Condition == GradeUnknown {
		sp.Condition = GradeGood
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[sp.Accession]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicate, sp.Accession)
	}
	c.items[sp.Accession] = sp
	c.version++
	c.log.Printf("accessioned %s (%s, %s)", sp.Accession, sp.Taxon, sp.Preparation)
	return nil
}

// Get returns a copy of one specimen.
func (c *Catalog) Get(accession string) (*Specimen, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	sp, ok := c.items[accession]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, accession)
	}
	return sp.clone(), nil
}

// Move records that a specimen now lives in another cabinet.
func (c *Catalog) Move(accession, cabinet string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	sp, ok := c.items[accession]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, accession)
	}
	if sp.Cabinet == cabinet {
		return nil
	}
	c.log.Printf("%s moved %s -> %s", accession, sp.Cabinet, cabinet)
	sp.Cabinet = cabinet
	sp.Updated = c.cfg.Now()
	c.version++
	return nil
}

// RecordCondition appends a condition report and updates the current grade.
func (c *Catalog) RecordCondition(accession, by string, grade Grade, notes string) error {
	if by == "" {
		return fmt.Errorf("%w: condition report without examiner", ErrInvalid)
	}
	if _, ok := gradeNames[grade]; !ok || grade == GradeUnknown {
		return fmt.Errorf("%w: grade %v", ErrInvalid, grade)
	}

	c.mu.Lock()
	sp, ok := c.items[accession]
	if !ok {
		c.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrNotFound, accession)
	}
	if grade == GradeDeaccession && by != c.cfg.Curator {
		c.log.Printf("%s: %s tried to grade for deaccession", accession, by)
		return fmt.Errorf("%w: %s", ErrNotAuthorized, accession)
	}

	now := c.cfg.Now()
	sp.History = append(sp.History, ConditionReport{
		At:       now,
		By:       by,
		Grade:    grade,
		Notes:    notes,
		Previous: sp.Condition,
	})
	if n := len(sp.History) - c.cfg.MaxHistory; n > 0 {
		sp.History = append([]ConditionReport(nil), sp.History[n:]...)
	}
	sp.Condition = grade
	sp.Updated = now
	c.version++
	c.mu.Unlock()

	if grade >= GradePoor {
		c.log.Printf("%s graded %s by %s: %s", accession, grade, by, notes)
	}
	return nil
}

// NeedsAttention lists specimens graded poor or worse, worst first.
func (c *Catalog) NeedsAttention() []*Specimen {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*Specimen
	for _, sp := range c.items {
		if sp.Condition >= GradePoor {
			out = append(out, sp.clone())
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Condition != out[j].Condition {
			return out[i].Condition > out[j].Condition
		}
		return out[i].Accession < out[j].Accession
	})
	return out
}

// Len returns the number of specimens.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}
