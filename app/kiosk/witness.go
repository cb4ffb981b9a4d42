package kiosk

import (
	"context"

	"hallkiosk/app"
	"hallkiosk/app/hall"
	"hallkiosk/app/staff"
)

// staffWitness is the staff's side of a staff-witnessed identity check on
// this kiosk: the call goes to the window over the hall bus (the citizen
// is told staff were called only once the window stored it), the member
// of staff types their ID and PIN here (checked by the window, or by this
// kiosk's copy of the accounts while the bus is down; the lockout
// applies), and each check is an audit row. nil — the citizen is sent to
// the 网办优先窗口 — when the kiosk has no audit log, or neither a bus nor
// a copy of any account.
func (k *Kiosk) staffWitness() *staff.Witness {
	if k.Audit == nil || k.staff.checker == nil || k.window() {
		return nil // at the window terminal staff check identity as 帮办
	}
	if k.hall == nil {
		if as, err := k.StaffAccounts.List(k.ctx); err != nil || len(as) == 0 {
			return nil
		}
	}
	w := &staff.Witness{Checker: k.staff.checker, Audit: k.Audit, Terminal: k.Config.Kiosk.DeviceID,
		Caller: func(context.Context, string) error { return app.ErrNoStaffLink }}
	if k.hall != nil {
		w.Caller = k.callWitness
	}
	return w
}

// callWitness asks the window for a member of staff to come and check a
// citizen's identity at this kiosk; it returns nil only once the window
// stored the call. The call names the kiosk, the service and the stage,
// never the citizen.
func (k *Kiosk) callWitness(ctx context.Context, subject string) error {
	c := hall.Call{Reason: hall.ReasonWitness, Service: subject, Screen: string(app.ScreenWitness)}
	if s, ok := k.Journeys.Snapshot(); ok {
		c.Service, c.ServiceName = s.Service, s.ServiceName
		c.Stage, c.Stages, c.StageName = s.Stage, s.Stages, s.StageName
	}
	_, err := k.hall.agent.Call(ctx, c)
	return err
}
