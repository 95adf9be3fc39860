package bulktank

import (
	"fmt"
	"time"
)

func (c *Controller) loop() {
	defer close(c.done)
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.setCompressorLocked(false)

	for {
		for !c.stopped && (c.washing || !c.needsCoolingLocked()) {
			c.cond.Wait()
		}
		if c.stopped {
			return
		}
		c.runCycleLocked()
	}
}

func (c *Controller) needsCoolingLocked() bool {
	return !c.faulted &&
		c.volume >= c.cfg.MinVolumeLitres &&
		c.tempC >= c.cfg.SetpointC+c.cfg.HysteresisC
}

// runCycleLocked runs the compressor until the milk reaches the setpoint,
// the cycle is interrupted, or MaxRunTime passes.
func (c *Controller) runCycleLocked() {
	if err := c.setCompressorLocked(true); err != nil {
		c.faulted = true
		c.raiseLocked(AlarmCompressorFault, err.Error())
		return
	}
	started := time.Now()
	expired := false
	timer := time.AfterFunc(c.cfg.MaxRunTime, func() {
		c.mu.Lock()
		expired = true
		c.cond.Broadcast()
		c.mu.Unlock()
	})

	for !c.stopped && !c.washing && !expired &&
		c.volume >= c.cfg.MinVolumeLitres && c.tempC > c.cfg.SetpointC {
		c.cond.Wait()
	}
	timer.Stop()

	if err := c.setCompressorLocked(false); err != nil {
		c.faulted = true
		c.raiseLocked(AlarmCompressorFault, err.Error())
	}
	ran := time.Since(started)
	c.cycles++
	c.runTime += ran
	if expired {
		c.raiseLocked(AlarmLongRun, fmt.Sprintf("compressor ran %s without reaching %.1f °C", ran.Round(time.Second), c.cfg.SetpointC))
	}
	c.log.Printf("cycle %d done after %s at %.1f °C", c.cycles, ran.Round(time.Millisecond), c.tempC)
}

func (c *Controller) setCompressorLocked(on bool) error {
	if on == c.running {
		return nil
	}
	var err error
	if on {
		err = c.cfg.Compressor.Start()
	} else {
		err = c.cfg.Compressor.Stop()
	}
	if err != nil {
		return fmt.Errorf("bulktank: switch compressor on=%t: %w", on, err)
	}
	c.running = on
	return nil
}
