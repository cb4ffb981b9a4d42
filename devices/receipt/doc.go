// Package receipt drives ESC/POS thermal receipt printers (58 mm and 80 mm
// paper, 203 dpi) over a serial line or a USB printer character device such
// as /dev/usb/lp0.
//
// # Documents
//
// A Doc is a byte-exact ESC/POS document built with chainable calls: Init,
// Align, Bold, Size, Text/Line, the CJK-aware layout helpers (Wrap, Pair,
// Table, Rule), QR, Code128, Image (any image.Image, Floyd–Steinberg dithered
// to one bit per dot) and Cut. Text is sent as GB18030 in the printer's
// Chinese mode (FS &): a single-byte character is 12 dots wide (one column of
// font A), a multi-byte one 24 dots (two columns), so a 58 mm line holds 32
// columns and an 80 mm line 48. A character the printer's resident font
// cannot print is never dropped: it is replaced with a visible '□' (or '?'
// for control characters and broken UTF-8) and listed by Doc.Replaced.
//
// # Printer
//
// Open returns a Printer whose one goroutine owns the port: jobs queue on a
// channel, status polls run between jobs, and an unplugged printer is
// reopened on its own when it comes back. Every job is preceded by a
// real-time status check (DLE EOT 1..4): with no paper, an open cover or a
// cutter error nothing is sent and Print returns a *StatusError that matches
// ErrPaperOut, ErrCoverOpen, ... with errors.Is. Long jobs are sent in pieces
// split at command boundaries with a status check between them, and the
// status is checked again after the last byte; a job that fails part-way
// returns a *JobError matching ErrIncomplete and the cause.
//
// # Status replies and noise
//
// A status is only decoded when every DLE EOT request got exactly one byte
// with the fixed bits (ValidStatusByte). Bytes left from before are thrown
// away first, and after a failed read, or when such bytes were found, the
// line must be quiet for a moment before the next request, so a late reply
// is never taken for the next one. XON/XOFF and automatic status back
// blocks (GS a) may pass; anything else (a reply that fails the check, a
// byte nobody asked for, a line that never goes quiet) ends the read with
// ErrNoSensibleAnswer within StatusTimeout and a few kilobytes, and the
// printer is reported offline: no state is ever made up from noise. The
// usual cause is a wrong baud rate. Because the printer executes real-time
// commands (DLE EOT, DLE ENQ, DLE DC4) wherever their bytes appear, a Doc
// never holds them inside data (see realtime.go).
//
// # Protocol sources
//
// The command bytes and status bits follow shared/research/devices.md §2:
//   - ESC @, ESC E, ESC a: Samsung SRP-275 programming guide,
//     office.manualsonline.com/manuals/mfg/samsung/srp275apg.html?p=46
//   - GS ! (character size): Birch BP-002 manual p.49; python-escpos TXT_STYLE
//   - GS V (cut, functions A and B): Epson TM-U210 manual,
//     office.manualsonline.com/manuals/mfg/epson/tmu210.html?p=373
//   - FS & / FS . (Chinese mode, GB18030): SurePrint SP91 manual
//     easymanua.ls/sureprint/sp91/manual?p=66; HCC POS80B manual p.49
//   - GS ( k (QR code, fn 65/67/69/80/81): scribd.com/document/688681293;
//     onlinehelp.ncr.com QRCodePrintSymbolData
//   - GS v 0 (raster bit image): HPRT TP80K manual,
//     easymanua.ls/hprt/tp80k/manual/868416?p=53
//   - GS k m=73 (CODE128 with {A/{B/{C code sets), GS h, GS w, GS H: Epson
//     ESC/POS command reference, as implemented by python-escpos
//     (python-escpos/python-escpos:src/escpos/escpos.py)
//   - DLE EOT n (real-time status; bits 1 and 4 always set): Bixolon
//     SRP-350 manual p.8–9; Epson TM-U220A manual
//     easymanua.ls/epson/tm-u220a/manual?p=55. DLE EOT is only sent between
//     commands and the reply is awaited before anything else is sent.
//   - Real-time commands inside other data (10 04 n in bit-image data is
//     executed as DLE EOT n), DLE ENQ, DLE DC4, and the ASB block layout
//     (GS a): Epson ESC/POS command reference, notes to DLE EOT and GS a.
//   - Widths: 58 mm = 384 dots, 80 mm = 576 dots at 8 dots/mm (RawBT width
//     table; NCR 7169 print zones; Cino M230B raster limit 384).
package receipt
