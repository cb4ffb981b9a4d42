// Package gobootstrap holds the test of packaging/go.sh, the script that
// gives `make` a Go of go.mod's version on a bare Debian 12, whose own Go
// (golang-go, 1.19) predates toolchain switching: go.sh then has that old
// go download the golang.org/toolchain module of go.mod's version from the
// Go module proxy into .cache/ and uses it. It has no code of its own.
package gobootstrap
