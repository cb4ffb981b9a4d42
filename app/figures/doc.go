// Package figures reads the hall's usage log (app/events) as the figures
// of the monthly review (定期复盘): per day, week or month, in total, per
// kiosk and per service — sessions, submissions and 网办占比, dwell
// (average and median), the funnel of each journey, ratings with 好评率,
// 差评率 and the top 差评 reasons, staff calls and their answer time,
// device faults, prints and the 网办有礼 rewards given. Report is what the
// window terminal draws, what `hallkiosk figures` exports (CSV, and a PDF
// report in Chinese with charts) and what the heartbeat's stats are cut
// from; Hot ranks services by the hall's submissions for the home screen.
//
// # Definitions
//
//   - A session is a SessionStart event; its dwell (停留时长) the length a
//     SessionEnd reports. A service's dwell is the time a session spent on
//     that service's screens (Visit events).
//   - Online submissions are every application stored at a kiosk or the
//     window (the portal is the online channel, even when the citizen left
//     with an offline 凭证号); 网办占比 is online / (online + the offline
//     counters' numbers staff entered for the period's days).
//   - 好评率 is ratings of 4 or 5 over all ratings, 差评率 ratings of 1 or 2.
//   - The median of an even count is the mean of the two middle values,
//     rounded down to the millisecond.
//   - A funnel lists the steps of a journey for a service in the order
//     the journey takes them, each counted once per session that reached
//     it; Lost is how many reached a step and not the next (a step some
//     skip, such as the face check of someone checked already, counts no
//     loss).
//
// # Speed
//
// Counts come from the daily rollup the events store keeps in step with
// its events (a month of 20 kiosks is a few thousand rows), medians from
// partial indexes holding only the dwell events; no query reads the whole
// month of events. BenchmarkMonth measures a month from a year of events.
package figures
