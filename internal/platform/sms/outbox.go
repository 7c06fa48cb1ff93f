package sms

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// DefaultOutboxCapacity is the number of messages an Outbox keeps when
// NewOutbox is given a capacity below 1.
const DefaultOutboxCapacity = 200

var _ Sender = (*Outbox)(nil)

// Outbox is a development Sender that delivers nothing. It logs every
// message, code included, at INFO level and keeps the most recent ones in
// memory so a developer or a test can read the code. Never use it in
// production, because the log then contains valid codes.
type Outbox struct {
	logger   *slog.Logger
	mu       sync.Mutex
	messages []Message // ring buffer, next write at messages[next % capacity]
	next     int       // number of messages ever stored
	capacity int
}

// NewOutbox returns an Outbox that keeps the last capacity messages and
// logs to logger, or to slog.Default() when logger is nil.
func NewOutbox(logger *slog.Logger, capacity int) *Outbox {
	if logger == nil {
		logger = slog.Default()
	}
	if capacity < 1 {
		capacity = DefaultOutboxCapacity
	}
	return &Outbox{logger: logger, capacity: capacity, messages: make([]Message, 0, capacity)}
}

// Send validates m, stamps SentAt when it is zero, stores m and logs it.
// It returns ctx.Err() if ctx is already done.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	if m.SentAt.IsZero() {
		m.SentAt = time.Now()
	}

	o.mu.Lock()
	if len(o.messages) < o.capacity {
		o.messages = append(o.messages, m)
	} else {
		o.messages[o.next%o.capacity] = m
	}
	o.next++
	o.mu.Unlock()

	o.logger.InfoContext(ctx, "sms outbox: message stored, not delivered",
		"phone", m.Phone, "purpose", m.Purpose, "code", m.Code)
	return nil
}

// List returns a copy of the stored messages, newest first.
func (o *Outbox) List() []Message {
	o.mu.Lock()
	defer o.mu.Unlock()

	list := make([]Message, len(o.messages))
	for i := range list {
		// Walk backwards from the most recent write.
		list[i] = o.messages[(o.next-1-i)%o.capacity]
	}
	return list
}
