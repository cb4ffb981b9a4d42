package kiosk

import (
	"context"
	"path/filepath"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/internal/logging"
	"hallkiosk/internal/privacy"
)

// File names of 智能客服 in the state directory.
const (
	FAQCacheFile  = "faq.json"        // the portal's FAQ as last received, with its ETag
	AskCountsFile = "ask-counts.json" // masked questions and 有帮助/没帮助 counts
)

// startAsk starts 智能客服: the desk, its counter, and the keeper that
// loads the cached FAQ, indexes it with the catalog on a goroutine of the
// kiosk's (never on the first frame's path) and refreshes it from the
// portal. A newer index reaches the next citizen; the counts are saved
// when a session ends.
func (k *Kiosk) startAsk() {
	log := logging.Component(k.Log, "ask")
	counter, err := ask.OpenCounter(filepath.Join(k.DataDir, AskCountsFile))
	if err != nil {
		log.Warn("ask counts unreadable; counting afresh", "err", err)
	}
	session := k.Session
	k.Ask = &ask.Desk{
		Idle:    func() bool { return session.Snapshot().State == app.StateAttract },
		Known:   func() *privacy.Redactor { return knownOf(session) },
		Counter: counter,
	}
	k.AskKeeper = &ask.Keeper{
		Desk: k.Ask, CachePath: filepath.Join(k.DataDir, FAQCacheFile), Catalog: k.Catalog,
		Timeout: k.Config.Portal.Timeout.D(), Log: log, Delay: k.opts.AskDelay,
	}
	if k.Portal != nil {
		k.AskKeeper.Portal = k.Portal
	}
	save := make(chan struct{}, 1)
	k.Session.OnWipe(func() {
		k.Ask.Between()
		select {
		case save <- struct{}{}:
		default:
		}
	})
	k.Go(k.AskKeeper.Run)
	k.Go(func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				if err := counter.Save(); err != nil {
					log.Warn("ask counts not saved", "err", err)
				}
				return
			case <-save:
			case <-time.After(5 * time.Minute):
			}
			if err := counter.Save(); err != nil {
				log.Warn("ask counts not saved", "err", err)
			}
		}
	})
}

// knownOf is what the kiosk knows of the citizen at it, masked from their
// questions before they are counted: their card's name, number and
// address.
func knownOf(s *app.Session) *privacy.Redactor {
	r := &privacy.Redactor{}
	if c := s.Data().Card(); c != nil {
		r.Add(privacy.KindName, c.Name)
		r.Add(privacy.KindID, c.IDNumber)
		r.Add(privacy.KindAddress, c.Address)
	}
	return r
}
