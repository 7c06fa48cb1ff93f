package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"wct/internal/account"
	"wct/internal/platform/config"
	"wct/internal/platform/redact"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	a, err := newApp(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.store.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(cfg.Addr, a.server.Handler())
	go sweep(ctx, a.store, time.Hour, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("base_url", cfg.BaseURL),
		slog.Bool("dev", cfg.Dev), slog.String("database", a.store.Dialect()))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(args, getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stdout, "database %s is up to date\n", st.Dialect())
	return nil
}

func addOperator(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("operator add", flag.ContinueOnError)
	phone := fs.String("phone", "", "the operator's mobile number, used to log in")
	name := fs.String("name", "", "the operator's name")
	data := fs.String("data", "", "data directory (WCT_DATA)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL (WCT_DATABASE_URL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cfgArgs []string
	if *data != "" {
		cfgArgs = append(cfgArgs, "--data", *data)
	}
	if *dbURL != "" {
		cfgArgs = append(cfgArgs, "--database-url", *dbURL)
	}
	cfg, err := config.Load(cfgArgs, getenv)
	if err != nil {
		return err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from stdin: %w", err)
	}
	pw := redact.Secret(strings.TrimRight(line, "\r\n"))

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	accounts := &account.Service{Store: st, Logger: logger}
	created, err := accounts.AddOperator(ctx, *phone, *name, pw)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(stdout, "operator %s added\n", redact.Phone(*phone))
	} else {
		fmt.Fprintf(stdout, "operator %s updated\n", redact.Phone(*phone))
	}
	return nil
}
