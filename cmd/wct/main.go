// Command wct is the 武创通 user system: the HTTP server, database
// migrations and operator administration in one binary.
//
// Usage:
//
//	wct serve [--addr 127.0.0.1:8080] [--data ./data] [--dev]
//	wct migrate [--data ./data]
//	wct operator add --phone 13800000000 --name 张三  (password on stdin)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"wct/internal/core"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		printError(os.Stderr, err)
		os.Exit(1)
	}
}

// printError writes err, and for a validation error each field's problem
// on its own line.
func printError(w io.Writer, err error) {
	e, ok := core.AsError(err)
	if !ok || len(e.Fields) == 0 {
		fmt.Fprintln(w, "wct:", err)
		return
	}
	for _, f := range e.Fields {
		fmt.Fprintf(w, "wct: invalid %s: %s\n", f.Field, f.Message)
	}
}

const usage = `usage:
  wct serve [--addr ADDR] [--data DIR] [--database-url URL] [--base-url URL] [--dev]
  wct migrate [--data DIR] [--database-url URL]
  wct operator add --phone PHONE --name NAME   (reads the password from stdin)
`

// run executes one subcommand; tests call it as main does.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("missing subcommand")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout)
	case "operator":
		if len(args) < 2 || args[1] != "add" {
			fmt.Fprint(stderr, usage)
			return fmt.Errorf("unknown operator command: use 'wct operator add'")
		}
		return addOperator(ctx, args[2:], getenv, stdin, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown subcommand %q", args[0])
}
