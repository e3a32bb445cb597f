package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// Program is a support program: its kind, operators with their funding
// shares, budget, period and the kind's terms (flattened in JSON).
type Program struct {
	ID        string             `json:"id"`
	Kind      string             `json:"kind"`
	Name      string             `json:"name"`
	Operators []program.Operator `json:"operators"`
	Budget    int64              `json:"budget"`
	Starts    string             `json:"starts"`
	Ends      string             `json:"ends"`
	// Public: the targeting also lists the 상권 districts in need.
	Public bool `json:"public"`
	program.Terms
	CreatedAt time.Time `json:"created_at"`
}

// Definition is the program's rules.
func (p *Program) Definition() (program.Definition, error) {
	return program.Check(p.Kind, p.Starts, p.Ends, p.Terms, p.Operators)
}

// IsOperator reports whether org is one of the program's operators.
func (p *Program) IsOperator(org string) bool {
	for _, o := range p.Operators {
		if o.Org == org {
			return true
		}
	}
	return false
}

// OperatorOrgs are the operators' ids, in the order listed.
func (p *Program) OperatorOrgs() []string {
	out := make([]string, len(p.Operators))
	for i, o := range p.Operators {
		out[i] = o.Org
	}
	return out
}

// opIDPattern is a program id or a client-chosen id of a program's write:
// short enough that the ledger ids made of them stay within 64 characters.
var (
	programIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,23}$`)
	opIDPattern      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,27}$`)
)

// ValidOpID checks the client-chosen id of a program's write: 1–28 of
// A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
func ValidOpID(id string) error {
	if !opIDPattern.MatchString(id) {
		return fmt.Errorf("id %q: want 1–28 characters of A-Z, a-z, 0-9, '.', '_' and '-'", id)
	}
	return nil
}

// The program's ledger accounts (docs/programs.md draws them). Every one
// is owned by the first operator, but an operator's funding and settled
// accounts, owned by that operator; merchants' accounts are numbered by
// their place in the cohort so that ids stay short.
func acctBudget(p string) string              { return p + ":budget" }
func acctFund(p string, op int) string        { return fmt.Sprintf("%s:fund:%d", p, op) }
func acctSettled(p string, op int) string     { return fmt.Sprintf("%s:settled:%d", p, op) }
func acctIssued(p string) string              { return p + ":issued" }
func acctRedeemed(p string) string            { return p + ":redeemed" }
func acctStaff(p string) string               { return p + ":staff" }
func acctOwed(p string, seq int64) string     { return fmt.Sprintf("%s:owed:%d", p, seq) }
func acctMeals(p string, seq int64) string    { return fmt.Sprintf("%s:meals:%d", p, seq) }
func acctClosed(p string, rule string) string { return p + ":" + rule }
func acctRefunds(p string) string             { return p + ":refunds" }

// programAccounts are the accounts a program opens when created.
func programAccounts(p *Program) []ledger.Account {
	first := p.Operators[0].Org
	must := ledger.Flags{DebitsMustNotExceedCredits: true}
	out := []ledger.Account{
		{ID: acctBudget(p.ID), Name: p.Name + " 예산", Owner: first, Flags: must},
		{ID: acctIssued(p.ID), Name: p.Name + " 선결제 발행", Owner: first},
		{ID: acctRedeemed(p.ID), Name: p.Name + " 사용", Owner: first},
		{ID: acctStaff(p.ID), Name: p.Name + " 직원 부담", Owner: first},
	}
	out = append(out, ledger.Account{ID: acctRefunds(p.ID), Name: p.Name + " 반환금", Owner: first})
	for _, rule := range []string{program.UnusedRefund, program.UnusedDonate, program.UnusedKeep} {
		out = append(out, ledger.Account{ID: acctClosed(p.ID, rule), Name: p.Name + " 미사용 " + rule, Owner: first})
	}
	for i, o := range p.Operators {
		out = append(out,
			ledger.Account{ID: acctFund(p.ID, i), Name: p.Name + " 출연", Owner: o.Org},
			ledger.Account{ID: acctSettled(p.ID, i), Name: p.Name + " 정산 지급", Owner: o.Org})
	}
	return out
}

// merchantAccounts are the accounts a cohort merchant gets: what the
// program owes it (settled by the operators; below zero when a refund of
// an unused balance exceeds what is left to settle: the merchant then owes
// it back) and the meals it owes (its prepaid balance, which cannot go
// below zero).
func merchantAccounts(p *Program, seq int64, name string) []ledger.Account {
	first := p.Operators[0].Org
	return []ledger.Account{
		{ID: acctOwed(p.ID, seq), Name: name + " 미지급금", Owner: first},
		{ID: acctMeals(p.ID, seq), Name: name + " 선결제 잔액", Owner: first, Flags: ledger.Flags{DebitsMustNotExceedCredits: true}},
	}
}

// CreateProgram stores a program and opens its ledger accounts, giving it
// an id if it has none. The caller has checked its definition; the
// operators must be operator organisations (ErrNotFound, ErrInvalidProgram).
// A taken id is ErrConflict. The accounts are opened first: if storing the
// program then fails, they stay empty and a retry with the id reuses them.
func (db *DB) CreateProgram(ctx context.Context, p *Program, userID string) error {
	if p.ID == "" {
		p.ID = newID("p")
	}
	if !programIDPattern.MatchString(p.ID) {
		return fmt.Errorf("%w: id %q: want 1–24 characters of a-z, 0-9, _ and -", ErrInvalidProgram, p.ID)
	}
	for _, o := range p.Operators {
		org, err := db.Org(ctx, o.Org)
		if err != nil {
			return err
		}
		if org.Kind != "operator" {
			return fmt.Errorf("%w: org %s is a %s, not an operator", ErrInvalidProgram, o.Org, org.Kind)
		}
	}
	if _, err := db.Program(ctx, p.ID); err == nil {
		return fmt.Errorf("program %s: %w", p.ID, ErrConflict)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := db.OpenProgramAccounts(ctx, programAccounts(p), Meta{}); err != nil {
		return err
	}
	terms, err := json.Marshal(p.Terms)
	if err != nil {
		return err
	}
	p.CreatedAt = db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO programs (id, kind, name, budget, starts, ends, terms, is_public, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.Kind, p.Name, p.Budget, p.Starts, p.Ends, string(terms), p.Public, nonEmpty(userID), p.CreatedAt)
	if isDuplicate(err) {
		return fmt.Errorf("program %s: %w", p.ID, ErrConflict)
	}
	if err != nil {
		return err
	}
	for i, o := range p.Operators {
		if _, err := tx.ExecContext(ctx, `INSERT INTO program_operators (program_id, org_id, pos, share) VALUES (?, ?, ?, ?)`,
			p.ID, o.Org, i, o.Share); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// wantKind refuses a write of one kind of program on a program of
// another (ErrInvalidProgram).
func wantKind(p *Program, kind string) error {
	if p.Kind != kind {
		return fmt.Errorf("%w: program %s is a %s program, not a %s one", ErrInvalidProgram, p.ID, p.Kind, kind)
	}
	return nil
}

// ErrInvalidProgram marks a program or a program write that breaks a rule
// the store checks (an operator that is not one, a merchant not in the
// cohort); the API answers it 422 invalid.
var ErrInvalidProgram = errors.New("invalid")

const programColumns = `id, kind, name, budget, starts, ends, terms, COALESCE(is_public, FALSE), created_at`

func scanProgram(s scanner) (*Program, error) {
	var p Program
	var terms string
	if err := s.Scan(&p.ID, &p.Kind, &p.Name, &p.Budget, &p.Starts, &p.Ends, &terms, &p.Public, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(terms), &p.Terms); err != nil {
		return nil, fmt.Errorf("program %s: terms: %w", p.ID, err)
	}
	return &p, nil
}

// Program returns the program with id and its operators.
func (db *DB) Program(ctx context.Context, id string) (*Program, error) {
	p, err := scanProgram(db.db.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("program %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	ops, err := db.programOperators(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	p.Operators = ops[id]
	return p, nil
}

// Programs lists every program, newest first.
func (db *DB) Programs(ctx context.Context) ([]*Program, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+programColumns+` FROM programs ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Program{}
	var ids []string
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ops, err := db.programOperators(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range out {
		p.Operators = ops[p.ID]
	}
	return out, nil
}

func (db *DB) programOperators(ctx context.Context, ids []string) (map[string][]program.Operator, error) {
	out := map[string][]program.Operator{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT program_id, org_id, share FROM program_operators ORDER BY program_id, pos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid string
		var o program.Operator
		if err := rows.Scan(&pid, &o.Org, &o.Share); err != nil {
			return nil, err
		}
		out[pid] = append(out[pid], o)
	}
	return out, rows.Err()
}

// ErrIDConflict is a program write whose client id was used with another
// body (or for another kind of write); the API answers 409 id_conflict.
var ErrIDConflict = errors.New("id_conflict")

// OpResult is the answer to a program write: the JSON first answered for
// its id, and whether this request was a replay of it.
type OpResult struct {
	Answer json.RawMessage
	Replay bool
}

// opPlan is what a program write does: ledger transfers, rows written in
// the same transaction, and the answer (JSON-encoded and kept for
// replays).
type opPlan struct {
	transfers []ledger.Transfer
	rows      []stmt
	answer    any
}

// lock serialises the writes of one program in this process. Under it, a
// write reads the program's rows and the ledger's sums, decides, and waits
// for the ledger writer's commit before the next write decides: so quotas
// and limits are checked against exactly what is committed. (The ledger
// writer is this process's alone too; several processes on one database
// would need a lock in the database.)
func (db *DB) lock(programID string) func() {
	m, _ := db.programLocks.LoadOrStore(programID, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// programOp runs one client-identified write of a program, under the
// program's lock: if the id was used, the same kind and body answer the
// stored answer (a replay) and another is ErrIDConflict; otherwise plan
// decides, and its transfers, rows and the id's record commit in one
// transaction of the ledger writer, or none of them.
func (db *DB) programOp(ctx context.Context, programID, opID, kind string, body any, meta Meta,
	plan func(p *Program) (opPlan, error)) (OpResult, error) {
	if err := ValidOpID(opID); err != nil {
		return OpResult{}, fmt.Errorf("%w: %v", ErrInvalidProgram, err)
	}
	unlock := db.lock(programID)
	defer unlock()
	p, err := db.Program(ctx, programID)
	if err != nil {
		return OpResult{}, err
	}
	canon, err := json.Marshal(body)
	if err != nil {
		return OpResult{}, err
	}
	var oldKind, oldBody, answer string
	err = db.db.QueryRowContext(ctx, `SELECT kind, body, answer FROM program_ops WHERE program_id = ? AND id = ?`, programID, opID).
		Scan(&oldKind, &oldBody, &answer)
	switch {
	case err == nil:
		if oldKind != kind || oldBody != string(canon) {
			return OpResult{}, fmt.Errorf("%w: %s was used for another request", ErrIDConflict, opID)
		}
		return OpResult{Answer: json.RawMessage(answer), Replay: true}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return OpResult{}, err
	}
	pl, err := plan(p)
	if err != nil {
		return OpResult{}, err
	}
	ans, err := json.Marshal(pl.answer)
	if err != nil {
		return OpResult{}, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	meta.rows = append(pl.rows, stmt{`INSERT INTO program_ops (program_id, id, kind, body, answer, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		[]any{programID, opID, kind, string(canon), string(ans), nonEmpty(meta.UserID), now}})
	meta.Action = "" // the API's middleware audits program writes
	if _, err := db.ProgramTransfers(ctx, pl.transfers, meta); err != nil {
		return OpResult{}, err
	}
	return OpResult{Answer: ans}, nil
}

// programWrite runs a write of a program that has no client id (a
// cancellation, a pick-up, a confirmation) under the program's lock, its
// transfers and rows committed together.
func (db *DB) programWrite(ctx context.Context, programID string, meta Meta, plan func(p *Program) (opPlan, error)) (json.RawMessage, error) {
	unlock := db.lock(programID)
	defer unlock()
	p, err := db.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	pl, err := plan(p)
	if err != nil {
		return nil, err
	}
	ans, err := json.Marshal(pl.answer)
	if err != nil {
		return nil, err
	}
	if len(pl.transfers) == 0 && len(pl.rows) == 0 {
		return ans, nil
	}
	meta.rows = pl.rows
	meta.Action = ""
	if _, err := db.ProgramTransfers(ctx, pl.transfers, meta); err != nil {
		return nil, err
	}
	return ans, nil
}

// available is what a program's budget can still commit: funded − committed
// − spent, from the ledger's stored sums (exact under the program's lock).
func (db *DB) available(ctx context.Context, p *Program) (int64, error) {
	a, err := db.Account(ctx, acctBudget(p.ID))
	if err != nil {
		return 0, err
	}
	return a.CreditsPosted - a.DebitsPosted - a.DebitsPending, nil
}

// Fund commits an operator's money to the program's budget: a transfer
// from the operator's funding account. The funded total may not pass the
// budget (exceeds_budget, a *program.Error).
func (db *DB) Fund(ctx context.Context, programID, opID, operator string, amount int64, meta Meta) (OpResult, error) {
	body := struct {
		Operator string `json:"operator"`
		Amount   int64  `json:"amount"`
	}{operator, amount}
	return db.programOp(ctx, programID, opID, "fund", body, meta, func(p *Program) (opPlan, error) {
		pos := -1
		for i, o := range p.Operators {
			if o.Org == operator {
				pos = i
			}
		}
		if pos < 0 {
			return opPlan{}, fmt.Errorf("%w: %s is not an operator of program %s", ErrInvalidProgram, operator, p.ID)
		}
		if amount <= 0 {
			return opPlan{}, &program.Error{Code: program.CodeInvalid, Message: "amount: want a positive number of won"}
		}
		b, err := db.Account(ctx, acctBudget(p.ID))
		if err != nil {
			return opPlan{}, err
		}
		if b.CreditsPosted+amount > p.Budget {
			return opPlan{}, &program.Error{Code: "exceeds_budget", Message: fmt.Sprintf("%d won funded and %d more exceed the budget of %d", b.CreditsPosted, amount, p.Budget)}
		}
		t := ledger.Transfer{ID: p.ID + ":" + opID, DebitAccount: acctFund(p.ID, pos), CreditAccount: acctBudget(p.ID), Amount: amount, Memo: "출연 " + operator}
		return opPlan{transfers: []ledger.Transfer{t}, answer: map[string]any{"funding": map[string]any{
			"id": opID, "operator": operator, "amount": amount, "funded": b.CreditsPosted + amount}}}, nil
	})
}
