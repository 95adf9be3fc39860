package tidenet

import "time"

type station struct {
	info       GaugeInfo
	joined     time.Time
	in         chan Reading
	done       chan struct{}
	window     []float64
	highStreak int
	alerted    bool
}

func newStation(info GaugeInfo, buffer int, joined time.Time) *station {
	return &station{
		info:   info,
		joined: joined,
		in:     make(chan Reading, buffer),
		done:   make(chan struct{}),
	}
}

func (n *Network) consume(st *station) {
	defer close(st.done)
	for r := range st.in { // leak: the replaced station's channel is never closed, so this range never ends
		lvl, ok := n.level(st, r)
		if !ok {
			continue
		}
		n.recordLatest(lvl)
		n.checkSurge(st, lvl)
	}
}

func (n *Network) level(st *station, r Reading) (Level, bool) {
	if r.Quality < n.cfg.MinQuality {
		n.log.Printf("gauge %s: dropping low-quality sample (q=%d)", st.info.ID, r.Quality)
		return Level{}, false
	}
	if r.RangeMM <= 0 || r.RangeMM > st.info.DatumOffsetMM+n.cfg.MaxRangeSlackMM {
		n.log.Printf("gauge %s: range %.0f mm out of bounds", st.info.ID, r.RangeMM)
		return Level{}, false
	}
	height := st.info.DatumOffsetMM - r.RangeMM

	st.window = append(st.window, height)
	if len(st.window) > n.cfg.SmoothingWindow {
		st.window = st.window[len(st.window)-n.cfg.SmoothingWindow:]
	}
	var sum float64
	for _, h := range st.window {
		sum += h
	}
	smoothed := sum / float64(len(st.window))

	predicted, err := n.predictor.PredictMM(st.info.Site, r.At)
	if err != nil {
		n.log.Printf("gauge %s: no prediction for %s: %v", st.info.ID, st.info.Site, err)
		return Level{GaugeID: st.info.ID, At: r.At, HeightMM: smoothed}, true
	}
	return Level{GaugeID: st.info.ID, At: r.At, HeightMM: smoothed, SurgeMM: smoothed - predicted}, true
}

func (n *Network) checkSurge(st *station, lvl Level) {
	if lvl.SurgeMM < n.cfg.SurgeThresholdMM {
		if st.alerted && lvl.SurgeMM < n.cfg.SurgeThresholdMM/2 {
			n.log.Printf("gauge %s: surge subsided (%+.0f mm)", st.info.ID, lvl.SurgeMM)
			st.alerted = false
		}
		st.highStreak = 0
		return
	}
	st.highStreak++
	if st.alerted || st.highStreak < n.cfg.SustainReadings {
		return
	}
	st.alerted = true
	a := Alert{GaugeID: st.info.ID, Site: st.info.Site, At: lvl.At, SurgeMM: lvl.SurgeMM, Readings: st.highStreak}
	if err := n.sink.Raise(n.ctx, a); err != nil {
		n.log.Printf("gauge %s: alert not delivered: %v", st.info.ID, err)
		st.alerted = false
	}
}
