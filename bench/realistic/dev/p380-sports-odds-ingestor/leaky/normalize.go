package odds

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrBadQuote is wrapped by every normalisation failure.
var ErrBadQuote = errors.New("odds: bad quote")

type priceKey struct {
	bookmaker, event, selection string
	market                      MarketType
}

var marketAliases = map[string]MarketType{
	"1x2":                 MatchResult,
	"match odds":          MatchResult,
	"full time result":    MatchResult,
	"match result":        MatchResult,
	"moneyline":           Moneyline,
	"money line":          Moneyline,
	"head to head":        Moneyline,
	"both teams to score": BothToScore,
	"btts":                BothToScore,
	"over/under 2.5":      TotalGoals25,
	"total goals 2.5":     TotalGoals25,
	"o/u 2.5 goals":       TotalGoals25,
}

// normalizeMarket maps a bookmaker's market name to a canonical one.
func normalizeMarket(name string) (MarketType, error) {
	key := strings.Join(strings.Fields(strings.ToLower(name)), " ")
	if m, ok := marketAliases[key]; ok {
		return m, nil
	}
	return "", fmt.Errorf("%w: unknown market %q", ErrBadQuote, name)
}

// decimalPrice converts a quoted price into decimal odds.
func decimalPrice(price string, format PriceFormat) (float64, error) {
	price = strings.TrimSpace(price)
	var d float64
	switch format {
	case Decimal:
		v, err := strconv.ParseFloat(price, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: decimal price %q: %v", ErrBadQuote, price, err)
		}
		d = v
	case Fractional:
		num, den, ok := strings.Cut(price, "/")
		n, err1 := strconv.ParseFloat(num, 64)
		m, err2 := strconv.ParseFloat(den, 64)
		if !ok || err1 != nil || err2 != nil || m == 0 {
			return 0, fmt.Errorf("%w: fractional price %q", ErrBadQuote, price)
		}
		d = 1 + n/m
	case American:
		v, err := strconv.ParseFloat(price, 64)
		if err != nil || (v > -100 && v < 100) {
			return 0, fmt.Errorf("%w: american price %q", ErrBadQuote, price)
		}
		if v > 0 {
			d = 1 + v/100
		} else {
			d = 1 + 100/-v
		}
	default:
		return 0, fmt.Errorf("%w: unknown price format %d", ErrBadQuote, format)
	}
	if d <= 1 || math.IsInf(d, 0) || math.IsNaN(d) {
		return 0, fmt.Errorf("%w: price %q out of range", ErrBadQuote, price)
	}
	return math.Round(d*1000) / 1000, nil
}

// normalize turns q into a price change relative to the last price seen
// for the same selection. ok is false when the move is too small to publish.
func (in *Ingestor) normalize(q RawQuote) (c PriceChange, ok bool, err error) {
	market, err := normalizeMarket(q.Market)
	if err != nil {
		return PriceChange{}, false, err
	}
	var price float64
	if !q.Suspended {
		if price, err = decimalPrice(q.Price, q.Format); err != nil {
			return PriceChange{}, false, err
		}
	}
	key := priceKey{bookmaker: q.Bookmaker, event: q.EventID, selection: q.Selection, market: market}

	in.mu.Lock()
	defer in.mu.Unlock()
	old, seen := in.last[key]
	if !seen && price == 0 {
		return PriceChange{}, false, nil
	}
	if seen && price != 0 && (price == old || math.Abs(price-old) < in.cfg.MinMove) {
		return PriceChange{}, false, nil
	}
	if price == 0 {
		delete(in.last, key)
	} else {
		in.last[key] = price
	}
	return PriceChange{
		Bookmaker: q.Bookmaker,
		EventID:   q.EventID,
		Market:    market,
		Selection: q.Selection,
		Old:       old,
		New:       price,
		At:        q.At,
	}, true, nil
}
