// Package review is the hall's monthly review (定期复盘) as files: the
// figures of a month (app/figures) as CSV tables with stable columns, for
// a spreadsheet, and as a PDF report in Chinese with charts
// (app/figures/chart), for someone who never saw the kiosk. `hallkiosk
// figures --month 2026-11 --csv DIR --pdf FILE` and the window terminal's
// export button both write them through Write.
//
// The CSV files are UTF-8 with a byte-order mark (so the spreadsheets of
// Chinese offices read the Chinese names right), one header line, and the
// columns of Columns in that order; a column is only ever added at the
// end. Durations are seconds, rates fractions from 0 to 1.
package review
