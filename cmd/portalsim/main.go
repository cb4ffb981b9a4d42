// Command portalsim serves the portal contract of shared/portal-api.md for
// demos and tests.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "portalsim: not built yet")
	os.Exit(1)
}
