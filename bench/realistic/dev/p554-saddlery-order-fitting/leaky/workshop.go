package fitting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Calendar books fitting appointments for the workshop's fitters.
type Calendar interface {
	Book(ctx context.Context, fitter, order string, earliest time.Time) (time.Time, error)
}

// Notifier sends order updates to customers.
type Notifier interface {
	Notify(ctx context.Context, customer, message string) error
}

// Order is a made-to-measure saddle order.
type Order struct {
	ID       string
	Customer string
	Horse    string
	Tracing  Tracing
	Placed   time.Time
}

// Fitting is a confirmed first fitting for an order.
type Fitting struct {
	OrderID     string
	Spec        TreeSpec
	Tree        Tree
	Fitter      string
	Appointment time.Time
}

var (
	ErrNoTree   = errors.New("fitting: no tree available")
	ErrNoFitter = errors.New("fitting: no fitter configured")
)

// Option configures a Workshop.
type Option func(*Workshop)

func WithLogger(l *log.Logger) Option        { return func(w *Workshop) { w.log = l } }
func WithNotifier(n Notifier) Option         { return func(w *Workshop) { w.notify = n } }
func WithFitters(names ...string) Option     { return func(w *Workshop) { w.fitters = names } }
func WithClock(now func() time.Time) Option  { return func(w *Workshop) { w.now = now } }
func WithLeadTime(d time.Duration) Option    { return func(w *Workshop) { w.leadTime = d } }
func WithReserveWait(d time.Duration) Option { return func(w *Workshop) { w.reserveWait = d } }

// Workshop turns incoming orders into booked fittings.
type Workshop struct {
	stock       *Stock
	cal         Calendar
	notify      Notifier
	fitters     []string
	log         *log.Logger
	now         func() time.Time
	leadTime    time.Duration
	reserveWait time.Duration

	mu   sync.Mutex
	next int
}

// NewWorkshop returns a Workshop drawing trees from stock.
func NewWorkshop(stock *Stock, cal Calendar, opts ...Option) (*Workshop, error) {
	w := &Workshop{
		stock:       stock,
		cal:         cal,
		log:         log.New(io.Discard, "", 0),
		now:         time.Now,
		leadTime:    48 * time.Hour,
		reserveWait: 72 * time.Hour,
	}
	for _, opt := range opts {
		opt(w)
	}
	if stock == nil || cal == nil {
		return nil, errors.New("fitting: stock and calendar are required")
	}
	if len(w.fitters) == 0 {
		return nil, ErrNoFitter
	}
	return w, nil
}

// Fit sizes the saddle for an order, reserves a tree and books the first fitting.
func (w *Workshop) Fit(ctx context.Context, o Order) (*Fitting, error) {
	if o.ID == "" || o.Customer == "" {
		return nil, errors.New("fitting: order id and customer are required")
	}
	spec, err := SpecFor(o.Tracing)
	if err != nil {
		return nil, fmt.Errorf("order %s: %w", o.ID, err)
	}

	rctx, cancel := context.WithTimeout(ctx, w.reserveWait)
	defer cancel()
	tree, err := w.stock.Reserve(rctx, o.ID, spec)
	if err != nil {
		w.tell(ctx, o, fmt.Sprintf("We are waiting for the %s tree for %s and will be in touch.", spec, o.Horse))
		return nil, fmt.Errorf("%w: %v", ErrNoTree, err)
	}

	fitter := w.pickFitter()
	at, err := w.cal.Book(ctx, fitter, o.ID, w.now().Add(w.leadTime))
	if err != nil {
		w.stock.Receive(tree)
		return nil, fmt.Errorf("order %s: booking %s: %w", o.ID, fitter, err)
	}

	f := &Fitting{OrderID: o.ID, Spec: spec, Tree: tree, Fitter: fitter, Appointment: at}
	w.log.Printf("workshop: order %s on tree %s (%s), %s fits on %s",
		o.ID, tree.Serial, spec, fitter, at.Format("Mon 2 Jan 15:04"))
	w.tell(ctx, o, fmt.Sprintf("%s will fit %s's saddle on %s.", fitter, o.Horse, at.Format("Mon 2 Jan 15:04")))
	return f, nil
}

func (w *Workshop) pickFitter() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.fitters[w.next%len(w.fitters)]
	w.next++
	return f
}

func (w *Workshop) tell(ctx context.Context, o Order, msg string) {
	if w.notify == nil {
		return
	}
	if err := w.notify.Notify(ctx, o.Customer, msg); err != nil {
		w.log.Printf("workshop: notify %s about order %s: %v", o.Customer, o.ID, err)
	}
}
