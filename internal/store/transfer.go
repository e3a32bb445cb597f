package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// Meta is who asked for a ledger write and from which request; it is
// stored with the transfers. With an Action, the write's audit entry is
// committed in the same transaction as the write itself.
type Meta struct {
	UserID    string
	RequestID string
	Action    string // the audit log's action, e.g. the route pattern; "" for no entry
	Resource  string // the audit log's resource, e.g. the path

	// rows are statements the writer runs in the transaction that commits
	// the request's transfers, only if the ledger accepted them all: a
	// program's own rows never diverge from its ledger (program.go).
	rows []stmt
	// managed: the write is a program's own (ProgramTransfers,
	// OpenProgramAccounts). Only such a write may touch a managed
	// account, and the accounts it opens are managed.
	managed bool
}

// stmt is one SQL statement and its arguments.
type stmt struct {
	query string
	args  []any
}

// LedgerStatus is the HTTP status of a ledger write's outcome: 201 if it
// made anything, 200 if every transfer was a replay, 409 for id_conflict
// or a taken account id, 400 for a malformed transfer or a reserved
// account id, 403 for managed_account, 422 for another refusal, 500
// otherwise.
func LedgerStatus(results []ledger.Result, err error) int {
	var ref *ledger.Refusal
	switch {
	case errors.As(err, &ref) && ref.Code == ledger.IDConflict:
		return 409
	case errors.As(err, &ref) && ref.Code == ledger.ManagedAccount:
		return 403
	case errors.As(err, &ref) && ref.Code == ledger.InvalidTransfer:
		return 400
	case errors.As(err, &ref):
		return 422
	case errors.Is(err, ErrConflict), errors.Is(err, ErrAccountTaken):
		return 409
	case errors.Is(err, ErrReservedID):
		return 400
	case err != nil:
		return 500
	}
	for _, r := range results {
		if !r.Replay {
			return 201
		}
	}
	if len(results) == 0 {
		return 201 // an account
	}
	return 200
}

// TransferRecord is a stored transfer: the ledger's record and, for a
// pending transfer, how it was resolved ("" while open).
type TransferRecord struct {
	ledger.Record
	Resolution ledger.Kind
}

// Transfers applies a batch through the ledger's writer: all of it or none
// (a *ledger.Refusal), answered only once committed. Replays return the
// original records with Replay set. A batch touching an account a program
// manages is refused (managed_account): only ProgramTransfers moves its
// money.
func (db *DB) Transfers(ctx context.Context, batch []ledger.Transfer, meta Meta) ([]ledger.Result, error) {
	meta.managed = false
	return db.transfers(ctx, batch, meta)
}

// ProgramTransfers is Transfers for a program's own write (a support
// program's, a contest's, an early-payment run's): it may touch the
// accounts programs manage. Only the programs' code calls it, each on its
// own accounts, after its own rules (quotas, budgets, states) accepted the
// write.
func (db *DB) ProgramTransfers(ctx context.Context, batch []ledger.Transfer, meta Meta) ([]ledger.Result, error) {
	meta.managed = true
	return db.transfers(ctx, batch, meta)
}

func (db *DB) transfers(ctx context.Context, batch []ledger.Transfer, meta Meta) ([]ledger.Result, error) {
	w, err := db.Ledger()
	if err != nil {
		return nil, err
	}
	rep, err := w.submit(ctx, &ledgerRequest{batch: batch, meta: meta})
	if err != nil {
		return nil, err
	}
	return rep.results, nil
}

const transferColumns = `seq, id, kind, debit_account, credit_account, amount, memo, pending_id, timeout_s, created_at`

func scanRecord(s scanner) (ledger.Record, error) {
	var r ledger.Record
	var id, pending sql.NullString
	err := s.Scan(&r.Seq, &id, &r.Kind, &r.DebitAccount, &r.CreditAccount, &r.Amount, &r.Memo, &pending, &r.TimeoutS, &r.CreatedAt)
	r.ID, r.PendingID = id.String, pending.String
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

// Transfer returns the transfer with the client id, with its resolution if
// it is a pending one.
func (db *DB) Transfer(ctx context.Context, id string) (TransferRecord, error) {
	r, err := scanRecord(db.db.QueryRowContext(ctx, `SELECT `+transferColumns+` FROM ledger_transfers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return TransferRecord{}, fmt.Errorf("transfer %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return TransferRecord{}, err
	}
	tr := TransferRecord{Record: r}
	if r.Kind == ledger.KindPending {
		var kind string
		err := db.db.QueryRowContext(ctx, `SELECT kind FROM ledger_transfers WHERE pending_id = ?`, id).Scan(&kind)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return TransferRecord{}, err
		}
		tr.Resolution = ledger.Kind(kind)
	}
	return tr, nil
}

// PendingDebit returns the debit account of the pending transfer id
// (transfers never change, so the answer is remembered); ErrNotFound if no
// pending transfer has that id.
func (db *DB) PendingDebit(ctx context.Context, id string) (string, error) {
	if d, ok := db.cache.lookup(&db.cache.debits, id); ok {
		return d, nil
	}
	var debit string
	err := db.db.QueryRowContext(ctx, `SELECT debit_account FROM ledger_transfers WHERE id = ? AND kind = 'pending'`, id).Scan(&debit)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("pending transfer %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	db.cache.remember(&db.cache.debits, id, debit)
	return debit, nil
}

// AccountTransfers returns up to limit records touching the account, after
// the sequence number after, in ledger order.
func (db *DB) AccountTransfers(ctx context.Context, account string, after int64, limit int) ([]ledger.Record, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+transferColumns+` FROM ledger_transfers
		WHERE (debit_account = ? OR credit_account = ?) AND seq > ? ORDER BY seq LIMIT ?`, account, account, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ledger.Record{}
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Check verifies the ledger's invariants (ledger.Check) on one snapshot of
// the stored accounts and transfers (on PostgreSQL a REPEATABLE READ
// transaction: under READ COMMITTED a commit of the writer between reading
// the accounts and the transfers looked like an unbalanced ledger).
func (db *DB) Check(ctx context.Context) (ledger.Report, error) {
	tx, err := db.db.BeginTx(ctx, db.dialect.snapshot())
	if err != nil {
		return ledger.Report{}, err
	}
	defer tx.Rollback()
	accounts, records, err := loadLedger(ctx, tx)
	if err != nil {
		return ledger.Report{}, err
	}
	return ledger.Check(accounts, records), tx.Commit()
}

func loadLedger(ctx context.Context, q querier) ([]ledger.Account, []ledger.Record, error) {
	accounts, err := loadAccounts(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+transferColumns+` FROM ledger_transfers ORDER BY seq`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var records []ledger.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, nil, err
		}
		records = append(records, r)
	}
	return accounts, records, rows.Err()
}

// LedgerWriter is the single writer of the ledger. One goroutine owns the
// state machine: it takes every request waiting in its queue (a batch
// forms while the previous commit is on disk), applies each with the
// machine against the current state (a refused request leaves no trace and
// does not disturb the others), expires overdue reservations, writes the
// new transfers and the moved sums in ONE transaction, and answers each
// request only after that commit returned. There are no concurrent ledger
// transactions, so none conflict or deadlock, and a hot account is one
// in-memory sum. If a commit fails, every request of the batch gets the
// error and the machine is rebuilt from the database, which holds exactly
// the committed batches. On start the machine is rebuilt the same way.
type LedgerWriter struct {
	db    *DB
	queue chan *ledgerRequest
	quit  chan struct{}
	done  chan struct{}
	m     *ledger.Ledger

	// MaxBatch caps the transfers of one commit.
	maxBatch int
	wc       *writerConn // nil until the first commit, and after a failed one
}

type ledgerRequest struct {
	batch   []ledger.Transfer
	account *ledger.Account
	meta    Meta
	reply   chan ledgerReply
}

type ledgerReply struct {
	results []ledger.Result
	account ledger.Account
	err     error
}

// ErrLedgerClosed is returned for requests after the database was closed.
var ErrLedgerClosed = errors.New("ledger closed")

// ErrLedgerHeld is returned when another process writes the database's
// ledger: the writer's state lives in its process, so one process per
// database writes (PostgreSQL; a DuckDB file has one process anyway).
var ErrLedgerHeld = errors.New("another sangsaeng process writes this database's ledger: one process per database may write (stop the other, or point this one at another database)")

// ledgerLock is the PostgreSQL advisory lock the ledger writer's
// connection holds: "sangsaeg" in ASCII.
const ledgerLock int64 = 0x73616e6773616567

// Ledger returns the database's ledger writer, starting it (and rebuilding
// its state from the stored transfers) on first use; Close stops it.
// A failed start is final, except ErrLedgerHeld, tried again (at most
// once a second) on later calls.
// On PostgreSQL the writer's connection first takes the database's
// ledger lock, so that the state is rebuilt, and kept, by the one process
// that writes; ErrLedgerHeld if another process holds it.
func (db *DB) Ledger() (*LedgerWriter, error) {
	db.ledgerMu.Lock()
	defer db.ledgerMu.Unlock()
	held := errors.Is(db.ledgerErr, ErrLedgerHeld)
	if db.ledger != nil || (db.ledgerErr != nil && !held) || (held && time.Since(db.ledgerTried) < time.Second) {
		return db.ledger, db.ledgerErr
	}
	// Not started yet, or held by another process a second ago or more:
	// (try to) start, so that a process that served reads while another
	// wrote takes over once that one stops.
	w := &LedgerWriter{db: db, queue: make(chan *ledgerRequest, 4096), quit: make(chan struct{}), done: make(chan struct{}), maxBatch: 8192}
	if err := w.attach(context.Background()); err != nil {
		db.ledgerErr, db.ledgerTried = fmt.Errorf("start the ledger: %w", err), time.Now()
		return nil, db.ledgerErr
	}
	db.ledger, db.ledgerErr = w, nil
	go w.run()
	return w, nil
}

// attach opens the writer's connection (holding the ledger lock on
// PostgreSQL) and rebuilds the machine from the database under it.
func (w *LedgerWriter) attach(ctx context.Context) error {
	w.disconnect()
	if _, err := w.connect(ctx); err != nil {
		return err
	}
	m, err := w.db.rebuild(ctx)
	if err != nil {
		w.disconnect()
		return fmt.Errorf("rebuild ledger: %w", err)
	}
	w.m = m
	return nil
}

// rebuild makes a state machine from the stored accounts and transfers.
func (db *DB) rebuild(ctx context.Context) (*ledger.Ledger, error) {
	tx, err := db.db.BeginTx(ctx, db.dialect.snapshot())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	accounts, records, err := loadLedger(ctx, tx)
	if err != nil {
		return nil, err
	}
	m := ledger.New()
	for _, a := range accounts {
		if err := m.AddAccount(a); err != nil {
			return nil, err
		}
	}
	for _, r := range records {
		if err := m.Restore(r); err != nil {
			return nil, err
		}
	}
	return m, tx.Commit()
}

// stop ends the writer after the batch in hand; queued requests get
// ErrLedgerClosed.
func (w *LedgerWriter) stop() {
	close(w.quit)
	<-w.done
}

func (w *LedgerWriter) submit(ctx context.Context, req *ledgerRequest) (ledgerReply, error) {
	req.reply = make(chan ledgerReply, 1)
	select {
	case w.queue <- req:
	case <-w.quit:
		return ledgerReply{}, ErrLedgerClosed
	case <-ctx.Done():
		return ledgerReply{}, ctx.Err()
	}
	// Once queued, the request is answered whatever the caller's context:
	// it may be committed, and the caller must not think otherwise. A
	// request queued as the writer stopped is answered ErrLedgerClosed.
	select {
	case rep := <-req.reply:
		return rep, rep.err
	case <-w.done:
		select {
		case rep := <-req.reply:
			return rep, rep.err
		default:
			return ledgerReply{}, ErrLedgerClosed
		}
	}
}

func (w *LedgerWriter) run() {
	defer close(w.done)
	defer w.disconnect()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		var first *ledgerRequest
		next, ok := w.m.NextExpiry()
		wait := time.Hour
		if ok {
			wait = max(next.Sub(w.db.Now()), time.Millisecond)
		}
		timer.Reset(wait)
		select {
		case <-w.quit:
			w.drain()
			return
		case first = <-w.queue:
		case <-timer.C:
		}
		w.commit(w.collect(first))
		if w.m == nil {
			w.drain()
			return
		}
	}
}

// collect takes first and whatever else waits in the queue, up to maxBatch
// transfers.
func (w *LedgerWriter) collect(first *ledgerRequest) []*ledgerRequest {
	if first == nil {
		return nil
	}
	batch := []*ledgerRequest{first}
	n := len(first.batch)
	for n < w.maxBatch {
		select {
		case r := <-w.queue:
			batch = append(batch, r)
			n += len(r.batch)
			continue
		default:
		}
		break
	}
	return batch
}

func (w *LedgerWriter) drain() {
	for {
		select {
		case r := <-w.queue:
			r.reply <- ledgerReply{err: ErrLedgerClosed}
		default:
			return
		}
	}
}

// pendingWrite is what one commit writes.
type pendingWrite struct {
	accounts []ledger.Account
	records  []ledger.Record
	meta     []*Meta // per record; nil for expiries
	audit    []AuditEntry
	rows     []stmt // the accepted requests' Meta.rows
}

// commit applies the requests to the machine, writes what they made in one
// transaction and answers them.
func (w *LedgerWriter) commit(batch []*ledgerRequest) {
	now := w.db.Now()
	var pw pendingWrite
	for _, r := range w.m.Expire(now) {
		pw.records = append(pw.records, r)
		pw.meta = append(pw.meta, nil)
	}
	replies := make([]ledgerReply, len(batch))
	for i, req := range batch {
		if req.account != nil {
			if err := w.m.AddAccount(*req.account); err != nil {
				if errors.Is(err, ledger.ErrAccountExists) {
					err = fmt.Errorf("account %s: %w", req.account.ID, ErrConflict)
					if old, _ := w.m.Account(req.account.ID); req.account.Managed && !old.Managed {
						err = fmt.Errorf("%w: account %s was opened outside a program; a program cannot use it", ErrAccountTaken, req.account.ID)
					}
				}
				replies[i].err = err
			} else {
				a, _ := w.m.Account(req.account.ID)
				replies[i].account = a
				pw.accounts = append(pw.accounts, a)
			}
		} else if ref := w.guard(req); ref != nil {
			replies[i].err = ref
		} else {
			res, err := w.m.Apply(now, req.batch)
			replies[i] = ledgerReply{results: res, err: err}
			for _, r := range res {
				if !r.Replay {
					pw.records = append(pw.records, r.Record)
					pw.meta = append(pw.meta, &req.meta)
				}
			}
			if err == nil {
				pw.rows = append(pw.rows, req.meta.rows...)
			}
		}
		if m := req.meta; m.Action != "" {
			e := AuditEntry{At: now, Action: m.Action, Resource: m.Resource, Status: LedgerStatus(replies[i].results, replies[i].err), RequestID: m.RequestID}
			if m.UserID != "" {
				e.UserID = &m.UserID
			}
			pw.audit = append(pw.audit, e)
		}
	}
	if len(pw.accounts) > 0 || len(pw.records) > 0 || len(pw.audit) > 0 || len(pw.rows) > 0 {
		if err := w.write(pw, now); err != nil {
			err = fmt.Errorf("commit ledger batch: %w", err)
			for i := range replies {
				replies[i] = ledgerReply{err: err}
			}
			w.m = w.recover()
		}
	}
	for i, req := range batch {
		req.reply <- replies[i]
	}
}

// guard refuses a write that is not a program's own if it touches an
// account a program manages (managed_account) or takes a transfer id of
// the programs' namespaces (invalid_transfer): the one place where the
// programs' money is kept from the generic route, whichever route asks.
func (w *LedgerWriter) guard(req *ledgerRequest) *ledger.Refusal {
	if req.meta.managed {
		return nil
	}
	for i, t := range req.batch {
		if ReservedID(t.ID) {
			return &ledger.Refusal{Index: i, Code: ledger.InvalidTransfer,
				Message: fmt.Sprintf("id %s: ids with a colon, or starting ct- or ep-, are the programs' own transfers", t.ID)}
		}
	}
	if i, acct, ok := w.m.Managed(req.batch); ok {
		return &ledger.Refusal{Index: i, Code: ledger.ManagedAccount,
			Message: fmt.Sprintf("account %s is managed by its program: %s", acct, managedRoute(acct))}
	}
	return nil
}

// managedRoute says through which routes a managed account's money moves.
func managedRoute(acct string) string {
	switch {
	case strings.HasPrefix(acct, "ct-"):
		return "its money moves only through the contest's routes (/api/v1/contests/{id}/…)"
	case strings.HasPrefix(acct, "ep-"):
		return "its money moves only through the early-payment run's routes (/api/v1/early-payments/{id}/…)"
	case strings.Contains(acct, ":"):
		return "its money moves only through the program's routes (/api/v1/programs/" + acct[:strings.Index(acct, ":")] + "/…)"
	}
	return "its money moves only through its program's routes"
}

// recover reconnects and rebuilds the machine from the database after a
// failed commit, retrying each second until the database answers; nil if
// the writer is stopped meanwhile, or if another process took the ledger
// lock meanwhile (the writer then stops: its requests get
// ErrLedgerClosed).
func (w *LedgerWriter) recover() *ledger.Ledger {
	for {
		err := w.attach(context.Background())
		if err == nil {
			return w.m
		}
		if errors.Is(err, ErrLedgerHeld) {
			return nil
		}
		select {
		case <-w.quit:
			return nil
		case <-time.After(time.Second):
		}
	}
}

// writerConn is the writer's own connection to the database, with its
// statement that moves the accounts' sums prepared once: every commit
// reuses them, so that DuckDB, which caches no plan, does not parse and
// plan each commit's statements anew.
type writerConn struct {
	conn *dbConn
	move *sql.Stmt
}

// moveSums adds to the four sums of accounts: its parameters are five
// arrays of the same length, the accounts' ids and what to add to each sum.
// One statement for every account of a commit: on DuckDB each statement
// costs far more than the rows it updates.
const moveSums = `UPDATE ledger_accounts SET debits_posted = debits_posted + d.dp, credits_posted = credits_posted + d.cp,
	debits_pending = debits_pending + d.dq, credits_pending = credits_pending + d.cq
	FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS id, unnest(CAST(? AS BIGINT[])) AS dp, unnest(CAST(? AS BIGINT[])) AS cp,
		unnest(CAST(? AS BIGINT[])) AS dq, unnest(CAST(? AS BIGINT[])) AS cq) AS d
	WHERE ledger_accounts.id = d.id`

// transferTableColumns are ledger_transfers' columns in table order, as
// bulkLoad takes them.
var transferTableColumns = append(strings.Split(strings.ReplaceAll(transferColumns, " ", ""), ","), "user_id", "request_id")

// connect returns the writer's connection, opening it if it is not open.
func (w *LedgerWriter) connect(ctx context.Context) (*writerConn, error) {
	if w.wc != nil {
		return w.wc, nil
	}
	conn, err := w.db.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if conn.d.name == Postgres {
		var held bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock(?)", ledgerLock).Scan(&held); err != nil {
			conn.Close()
			return nil, err
		}
		if !held {
			conn.Close()
			return nil, ErrLedgerHeld
		}
	}
	move, err := conn.Conn.PrepareContext(ctx, conn.d.rebind(moveSums))
	if err != nil {
		conn.Close()
		return nil, err
	}
	w.wc = &writerConn{conn: conn, move: move}
	return w.wc, nil
}

// disconnect closes the writer's connection (after a failed commit, whose
// connection may be broken or still in its transaction).
func (w *LedgerWriter) disconnect() {
	if w.wc != nil {
		w.wc.move.Close()
		if w.wc.conn.d.name == Postgres {
			// The connection goes back to the pool: it must not keep the
			// lock (a broken one lost it with its session).
			w.wc.conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock_all()")
		}
		w.wc.conn.Close()
		w.wc = nil
	}
}

// write stores one commit on the writer's connection: new accounts, new
// records (by the engine's bulk loader: DuckDB's appender, PostgreSQL's
// COPY), the audit entries, and each touched account's sums moved by what
// the records moved. After a failure the connection is closed.
func (w *LedgerWriter) write(pw pendingWrite, now time.Time) (err error) {
	ctx := context.Background()
	wc, err := w.connect(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			wc.conn.ExecContext(ctx, "ROLLBACK")
			w.disconnect()
		}
	}()
	conn := wc.conn
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	at := now.UTC().Truncate(time.Microsecond)
	for _, a := range pw.accounts {
		if err := insertAccount(ctx, conn, a, at); err != nil {
			return err
		}
	}
	if len(pw.records) > 0 {
		err := bulkLoad(ctx, conn, "ledger_transfers", transferTableColumns, func(add func([]any) error) error {
			row := make([]any, len(transferTableColumns))
			for i, r := range pw.records {
				var id, pending, user, reqID any
				if r.ID != "" {
					id = r.ID
				}
				if r.PendingID != "" {
					pending = r.PendingID
				}
				if m := pw.meta[i]; m != nil {
					user, reqID = nonEmpty(m.UserID), nonEmpty(m.RequestID)
				}
				row = append(row[:0], r.Seq, id, string(r.Kind), r.DebitAccount, r.CreditAccount, r.Amount, r.Memo, pending, r.TimeoutS, r.CreatedAt, user, reqID)
				if err := add(row); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("insert transfers: %w", err)
		}
	}
	if len(pw.audit) > 0 {
		if err := loadAudit(ctx, conn, pw.audit); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	for _, s := range pw.rows {
		if _, err := conn.ExecContext(ctx, s.query, s.args...); err != nil {
			return err
		}
	}
	if moves := accountMoves(pw.records, w.pendingAmount); len(moves.order) > 0 {
		n := len(moves.order)
		dp, cp, dq, cq := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
		for i, id := range moves.order {
			d := moves.delta[id]
			dp[i], cp[i], dq[i], cq[i] = d.dPosted, d.cPosted, d.dPending, d.cPending
		}
		res, err := wc.move.ExecContext(ctx, moves.order, dp, cp, dq, cq)
		if err != nil {
			return fmt.Errorf("move the sums: %w", err)
		}
		if got, err := res.RowsAffected(); err != nil || got != int64(n) {
			return fmt.Errorf("move the sums: %d of %d accounts (%v)", got, n, err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// auditTableColumns are audit_log's columns in table order.
var auditTableColumns = []string{"id", "created_at", "user_id", "action", "resource", "status", "request_id"}

// loadAudit stores entries, as insertAudit does, by the engine's bulk
// loader: their ids are drawn from audit_ids first.
func loadAudit(ctx context.Context, conn *dbConn, entries []AuditEntry) error {
	rows, err := conn.QueryContext(ctx, conn.d.nextIDs("audit_ids"), len(entries))
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(entries))
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if len(ids) != len(entries) {
		return fmt.Errorf("%d ids for %d entries", len(ids), len(entries))
	}
	return bulkLoad(ctx, conn, "audit_log", auditTableColumns, func(add func([]any) error) error {
		row := make([]any, len(auditTableColumns))
		for i, e := range entries {
			var user any
			if e.UserID != nil {
				user = *e.UserID
			}
			row = append(row[:0], ids[i], e.At.UTC(), user, e.Action, e.Resource, int64(e.Status), e.RequestID)
			if err := add(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// pendingAmount is the reserved amount of the pending transfer id.
func (w *LedgerWriter) pendingAmount(id string) int64 {
	p, _ := w.m.Lookup(id)
	return p.Amount
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type delta struct{ dPosted, cPosted, dPending, cPending int64 }

type moves struct {
	order []string
	delta map[string]*delta
}

// accountMoves sums what records move on each account, in the order the
// accounts are first touched.
func accountMoves(records []ledger.Record, pendingAmount func(string) int64) moves {
	m := moves{delta: map[string]*delta{}}
	get := func(id string) *delta {
		d, ok := m.delta[id]
		if !ok {
			d = &delta{}
			m.delta[id] = d
			m.order = append(m.order, id)
		}
		return d
	}
	for _, r := range records {
		dr, cr := get(r.DebitAccount), get(r.CreditAccount)
		switch r.Kind {
		case ledger.KindTransfer:
			dr.dPosted += r.Amount
			cr.cPosted += r.Amount
		case ledger.KindPending:
			dr.dPending += r.Amount
			cr.cPending += r.Amount
		case ledger.KindPost, ledger.KindVoid, ledger.KindExpire:
			p := pendingAmount(r.PendingID)
			dr.dPending -= p
			cr.cPending -= p
			if r.Kind == ledger.KindPost {
				dr.dPosted += r.Amount
				cr.cPosted += r.Amount
			}
		}
	}
	return m
}
