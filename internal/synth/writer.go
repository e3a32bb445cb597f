package synth

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
)

// The feeds' headers (docs/fusion.md).
const (
	merchantsHeader = "merchant_id,lon,lat,industry_code,franchise,opened_on,closed_on\n"
	salesHeader     = "merchant_id,date,time_band,sex,age,amount,count\n"
	footHeader      = "cell_x,cell_y,cell_m,date,hour,sex,age,count\n"
)

var (
	bandLabels = []string{"00-06", "06-11", "11-14", "14-17", "17-21", "21-24"}
	bandHours  = [][2]int{{0, 6}, {6, 11}, {11, 14}, {14, 17}, {17, 21}, {21, 24}}
	sexLabels  = []string{"M", "F", ""}
	ageLabels  = []string{"10", "20", "30", "40", "50", "60", ""}
)

// flushAt is the buffer size at which rows are handed to the writer.
const flushAt = 1 << 20

// WriteMerchants writes merchants.csv and returns the rows written.
func (p *Plan) WriteMerchants(w io.Writer) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(merchantsHeader)
	var b []byte
	for _, m := range p.merchants {
		b = append(b[:0], m.id...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, m.lon, 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, m.lat, 'f', -1, 64)
		b = append(b, ',')
		b = append(b, m.industry...)
		b = append(b, ',')
		b = strconv.AppendBool(b, m.franchise)
		b = append(b, ',')
		if m.opened != noDay {
			b = append(b, m.opened.String()...)
		}
		b = append(b, ',')
		if m.closed != noDay {
			b = append(b, m.closed.String()...)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	p.report.Outputs["merchants"] = int64(len(p.merchants))
	return int64(len(p.merchants)), bw.Flush()
}

// dates caches the ISO text of days.
type dates map[day][]byte

func (d dates) text(x day) []byte {
	if t, ok := d[x]; ok {
		return t
	}
	t := []byte(x.String())
	d[x] = t
	return t
}

// WriteSales writes sales.csv, every published slice in turn, each base
// row spread over Scale rows on dates of its day of week in the
// merchant's open days; it returns the rows written.
func (p *Plan) WriteSales(w io.Writer) (int64, error) {
	buf := make([]byte, 0, flushAt+4096)
	buf = append(buf, salesHeader...)
	ids := make([][]byte, len(p.merchants))
	for i, m := range p.merchants {
		ids[i] = []byte(m.id)
	}
	dt := dates{}
	n := int64(p.cfg.Scale)
	var rows int64
	var err error
	for _, k := range sortedKeys(p.pub.Sales) {
		base := p.salesRows(k)
		ms := p.active(k.sliceKey, k.Q)
		window := map[int32][2]day{}
		for _, m := range ms {
			window[m.merchant] = [2]day{m.from, m.to}
		}
		r := rng(p.cfg.Seed, "sales dates", k.String())
		for _, s := range base {
			win := window[s.merchant]
			d0 := win[0] + day((int(s.weekday)-win[0].weekday()+7)%7)
			nd := int64((win[1]-d0)/7 + 1)
			off := r.Int64N(nd)
			for i := range n {
				a := s.amount/n + b2i(i < s.amount%n)
				c := s.count/n + b2i((i+off)%n < s.count%n)
				if a == 0 && c == 0 && (i > 0 || s.amount != 0 || s.count != 0) {
					continue
				}
				buf = append(buf, ids[s.merchant]...)
				buf = append(buf, ',')
				buf = append(buf, dt.text(d0+7*day((off+i)%nd))...)
				buf = append(buf, ',')
				buf = append(buf, bandLabels[s.band]...)
				buf = append(buf, ',')
				buf = append(buf, sexLabels[s.sex]...)
				buf = append(buf, ',')
				buf = append(buf, ageLabels[s.age]...)
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, a, 10)
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, c, 10)
				buf = append(buf, '\n')
				rows++
				if buf, err = flushFull(w, buf); err != nil {
					return rows, err
				}
			}
		}
	}
	p.report.Outputs["sales"] = rows
	_, err = w.Write(buf)
	return rows, err
}

// flushFull hands buf to w once it holds flushAt bytes.
func flushFull(w io.Writer, buf []byte) ([]byte, error) {
	if len(buf) < flushAt {
		return buf, nil
	}
	_, err := w.Write(buf)
	return buf[:0], err
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// WriteFoot writes foot.csv, every published district × quarter in turn,
// each base row spread over Scale rows on the dates of its day of week and
// the hours of its time band; it returns the rows written.
func (p *Plan) WriteFoot(w io.Writer) (int64, error) {
	buf := make([]byte, 0, flushAt+4096)
	buf = append(buf, footHeader...)
	dt := dates{}
	n := p.cfg.Scale
	var rows int64
	var err error
	for _, k := range sortedKeys(p.pub.Foot) {
		base := p.footRows(k)
		cells := p.cells[k.Code]
		first, last := k.Q.first(), k.Q.last()
		r := rand.New(rand.NewPCG(p.cfg.Seed, uint64(k.Q)))
		var cellText [][]byte
		for _, c := range cells {
			t := strconv.AppendInt(nil, int64(c.x), 10)
			t = append(t, ',')
			t = strconv.AppendInt(t, int64(c.y), 10)
			t = append(t, ',')
			t = strconv.AppendInt(t, int64(c.m), 10)
			t = append(t, ',')
			cellText = append(cellText, t)
		}
		for _, b := range base {
			c := cells[b.cell]
			d0 := first + day((int(b.weekday)-first.weekday()+7)%7)
			nd := int((last-d0)/7 + 1)
			h0, h1 := bandHours[b.band][0], bandHours[b.band][1]
			nh := h1 - h0
			off := r.IntN(nd * nh)
			count := b.value / float64(n) / c.share
			for i := range n {
				j := (off + i) % (nd * nh)
				buf = append(buf, cellText[b.cell]...)
				buf = append(buf, dt.text(d0+7*day(j%nd))...)
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, int64(h0+j/nd), 10)
				buf = append(buf, ',')
				buf = append(buf, sexLabels[b.sex]...)
				buf = append(buf, ',')
				buf = append(buf, ageLabels[b.age]...)
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, count, 'f', -1, 64)
				buf = append(buf, '\n')
				rows++
				if buf, err = flushFull(w, buf); err != nil {
					return rows, err
				}
			}
		}
	}
	p.report.Outputs["foot"] = rows
	_, err = w.Write(buf)
	return rows, err
}
