package contest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/alloc"
)

// Store is a shop the bought units go to, with its weight (sales,
// footfall or size: any non-negative integer).
type Store struct {
	ID     string `json:"id"`
	Weight int64  `json:"weight"`
}

// Lot is the units bought of one product.
type Lot struct {
	Entry string
	Units int64
}

// Share is one product's split: Online + Σ Stores = Units; Stores is
// aligned with the stores as given.
type Share struct {
	Entry  string  `json:"entry"`
	Units  int64   `json:"units"`
	Online int64   `json:"online"`
	Stores []int64 `json:"stores"`
}

// Distribute splits each product's units between the online shop and the
// stores, onlineBP/10,000 of them online (basis points, 0–10,000), then
// the stores' part among the stores in proportion to their weights. Both
// splits are alloc.Split (largest remainder, to the unit); an exact half
// unit goes online, and equal remainders among stores go to the smaller
// store id (byte order), whatever the order the stores are given in. Every
// product's units add up exactly.
func Distribute(lots []Lot, onlineBP int64, stores []Store) ([]Share, error) {
	if onlineBP < 0 || onlineBP > 10_000 {
		return nil, invalid("online share %d basis points, want 0–10,000", onlineBP)
	}
	byID := make([]int, len(stores))
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(a, b int) int { return cmp.Compare(stores[a].ID, stores[b].ID) })
	weights := make([]int64, len(stores))
	for k, i := range byID {
		if k > 0 && stores[byID[k-1]].ID == stores[i].ID {
			return nil, invalid("store %q listed twice", stores[i].ID)
		}
		if stores[i].Weight < 0 {
			return nil, invalid("store %s: weight %d is negative", stores[i].ID, stores[i].Weight)
		}
		weights[k] = stores[i].Weight
	}
	out := make([]Share, len(lots))
	for n, l := range lots {
		if l.Units < 0 {
			return nil, &Error{Code: CodeInvalid, Entry: l.Entry, Message: fmt.Sprintf("product %s: %d units", l.Entry, l.Units)}
		}
		two, err := alloc.Split(l.Units, []int64{onlineBP, 10_000 - onlineBP})
		if err != nil {
			return nil, err
		}
		parts, err := alloc.Split(two[1], weights)
		if err != nil {
			return nil, &Error{Code: CodeInvalid, Entry: l.Entry, Message: fmt.Sprintf("product %s: %d units for the stores, and no store with a positive weight", l.Entry, two[1])}
		}
		sh := Share{Entry: l.Entry, Units: l.Units, Online: two[0], Stores: make([]int64, len(stores))}
		for k, i := range byID {
			sh.Stores[i] = parts[k]
		}
		out[n] = sh
	}
	return out, nil
}

// Table lays a distribution out as the rows of its CSV: a header (store,
// then one column per product entry), the online shop's row ("online"),
// then one row per store in the order given, and a last row of totals.
func Table(shares []Share, stores []Store) [][]string {
	rows := make([][]string, 0, len(stores)+3)
	head := []string{"store"}
	online := []string{"online"}
	total := []string{"total"}
	for _, s := range shares {
		head = append(head, s.Entry)
		online = append(online, strconv.FormatInt(s.Online, 10))
		total = append(total, strconv.FormatInt(s.Units, 10))
	}
	rows = append(rows, head, online)
	for i, st := range stores {
		row := []string{st.ID}
		for _, s := range shares {
			row = append(row, strconv.FormatInt(s.Stores[i], 10))
		}
		rows = append(rows, row)
	}
	return append(rows, total)
}
