package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"
)

func TestOutboxListNewestFirst(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 3)
	for i := range 5 {
		m := Message{Phone: fmt.Sprintf("1380000000%d", i), Code: "000000", Purpose: PurposeLogin}
		if err := o.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	list := o.List()
	want := []string{"13800000004", "13800000003", "13800000002"}
	if len(list) != len(want) {
		t.Fatalf("List returned %d messages, want %d", len(list), len(want))
	}
	for i, phone := range want {
		if list[i].Phone != phone {
			t.Errorf("List()[%d].Phone = %s, want %s", i, list[i].Phone, phone)
		}
	}
}

func TestOutboxListBeforeFull(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 10)
	if got := o.List(); len(got) != 0 {
		t.Errorf("List on empty outbox = %v, want none", got)
	}
	o.Send(context.Background(), Message{Phone: "13800000001", Code: "1", Purpose: PurposeLogin})
	o.Send(context.Background(), Message{Phone: "13800000002", Code: "2", Purpose: PurposeLogin})
	list := o.List()
	if len(list) != 2 {
		t.Fatalf("List returned %d messages, want 2", len(list))
	}
	if list[0].Code != "2" {
		t.Errorf("List()[0].Code = %q, want the newest code 2", list[0].Code)
	}
	if list[1].Code != "1" {
		t.Errorf("List()[1].Code = %q, want the oldest code 1", list[1].Code)
	}
}

func TestOutboxSetsSentAt(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 0)
	before := time.Now()
	o.Send(context.Background(), Message{Phone: "13800000001", Code: "1", Purpose: PurposeLogin})
	fixed := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	o.Send(context.Background(), Message{Phone: "13800000001", Code: "2", Purpose: PurposeLogin, SentAt: fixed})

	list := o.List()
	if !list[0].SentAt.Equal(fixed) {
		t.Errorf("SentAt = %v, want the caller's %v", list[0].SentAt, fixed)
	}
	if list[1].SentAt.Before(before) {
		t.Errorf("SentAt = %v, want a time after %v", list[1].SentAt, before)
	}
}

func TestOutboxLogsMessage(t *testing.T) {
	var buf bytes.Buffer
	o := NewOutbox(slog.New(slog.NewJSONHandler(&buf, nil)), 10)
	m := Message{Phone: "13812345678", Code: "654321", Purpose: PurposeResetPassword}
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}

	var entry map[string]any
	if err := json.Unmarshal(buf.Bytes(), &entry); err != nil {
		t.Fatalf("log output %q is not one JSON record: %v", buf.String(), err)
	}
	want := map[string]string{
		"level":   "INFO",
		"phone":   "13812345678",
		"code":    "654321",
		"purpose": PurposeResetPassword,
	}
	for key, value := range want {
		if entry[key] != value {
			t.Errorf("log %s = %v, want %q", key, entry[key], value)
		}
	}
}

func TestOutboxRejectsInvalidMessage(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 10)
	tests := map[string]Message{
		"missing phone":   {Code: "1", Purpose: PurposeLogin},
		"missing code":    {Phone: "13800000001", Purpose: PurposeLogin},
		"unknown purpose": {Phone: "13800000001", Code: "1", Purpose: "signup"},
	}
	for name, m := range tests {
		if err := o.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Send error = %v, want ErrInvalidMessage", name, err)
		}
	}
	if n := len(o.List()); n != 0 {
		t.Errorf("outbox stored %d invalid messages", n)
	}
}

func TestOutboxCanceledContext(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := o.Send(ctx, Message{Phone: "13800000001", Code: "1", Purpose: PurposeLogin})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Send error = %v, want context.Canceled", err)
	}
}

func TestOutboxConcurrentSend(t *testing.T) {
	o := NewOutbox(slog.New(slog.DiscardHandler), 50)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			m := Message{Phone: "13800000001", Code: fmt.Sprint(i), Purpose: PurposeLogin}
			if err := o.Send(context.Background(), m); err != nil {
				t.Error(err)
			}
			o.List()
		})
	}
	wg.Wait()
	if n := len(o.List()); n != 50 {
		t.Errorf("List returned %d messages, want the capacity 50", n)
	}
}
