// Package idcardsim simulates an ID-card reader's SAM module on a
// pseudo-terminal, byte for byte as package idcard expects the real one
// (shared/research/devices.md §1): find, select, read text and photo
// (30 01), with fingerprint (30 10), appended address (30 03), SAM status,
// id and reset. After a read the card stops answering find card until it is
// removed, as real cards do (waitingsong/node-idcard-reader README), while
// 30 03 keeps answering.
//
// Tests and `hallkiosk demo` start a Sim on a link path, point the driver
// at that path, and place or remove cards:
//
//	sim, err := idcardsim.Start(ctx, linkPath, idcardsim.Options{Baud: 115200})
//	sim.Place(idcardsim.SampleCards()[0])
//	sim.Remove()
//	sim.Unplug(); sim.Replug()  // the device disappears and comes back
//	sim.Close()
//
// Faults make the line misbehave: noise before replies, replies split into
// pieces, bad checksums, a mute module, and a line paced at a given baud
// rate so that benchmarks measure real line time (a PTY itself has none).
//
// Sample cards are synthetic people whose numbers carry valid check
// characters; they belong to nobody.
package idcardsim
