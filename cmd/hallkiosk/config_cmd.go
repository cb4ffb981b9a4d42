package main

import (
	"context"
	"fmt"

	"hallkiosk/app/config"
)

func cmdConfig(_ context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk config default | hallkiosk config check")
		return exitUsage
	}
	switch args[0] {
	case "default":
		e.stdout.Write(config.DefaultText())
		return exitOK
	case "check":
		fs := e.flags("config check")
		if err := fs.Parse(args[1:]); err != nil {
			return exitUsage
		}
		if _, err := e.config(); err != nil {
			return e.configError(err)
		}
		fmt.Fprintln(e.stdout, "config ok")
		return exitOK
	}
	fmt.Fprintf(e.stderr, "hallkiosk config: unknown subcommand %q\n", args[0])
	return exitUsage
}

func cmdVersion(_ context.Context, e *env, _ []string) int {
	fmt.Fprintln(e.stdout, "hallkiosk", version)
	return exitOK
}
