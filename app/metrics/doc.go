// Package metrics serves the kiosk's Prometheus metrics on a loopback
// address ([metrics] listen, default 127.0.0.1:9464), for the hall's
// monitoring to scrape through an SSH tunnel or a local agent.
//
// Every series is read when it is scraped, from the kiosk's own parts
// (Sources): device states, the outbox's depth and oldest pending item,
// submissions by result (what the outbox holds), sessions, ratings, the hall
// bus connection, and errors counted from the log by component (speech,
// printing …). The window terminal (`--role window`) serves the same
// endpoint with the bus side of the hall (Sources.Hall): its own bus
// connection, the embedded bus server up and its connections, kiosks
// connected or silent, and staff calls not closed yet by state. No label carries personal data: labels are device kinds,
// states, results, rating levels and component names, all from fixed sets.
// The collector keeps no global state: each kiosk has its own registry.
package metrics
