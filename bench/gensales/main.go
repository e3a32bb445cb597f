// Command gensales writes a synthetic 추정매출-상권 (sales) file for ingest
// benchmarks: the published header, internally consistent rows and unique
// (quarter, district, industry) keys, with district codes and names taken
// from a 영역-상권 file so that sangsaeng ingest accepts them.
//
//	go run ./bench/gensales -areas areas_trdar_2026-08.cp949.csv -size 1GB \
//	    -o sales.utf8.csv -cp949 sales.cp949.csv
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// header is the first line of the published
// sales_trdar_convenience_20251-20254.utf8bom.csv, without its BOM, typo
// (시간대_건수~06_매출_건수) included.
const header = "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명," +
	"당월_매출_금액,당월_매출_건수,주중_매출_금액,주말_매출_금액," +
	"월요일_매출_금액,화요일_매출_금액,수요일_매출_금액,목요일_매출_금액,금요일_매출_금액,토요일_매출_금액,일요일_매출_금액," +
	"시간대_00~06_매출_금액,시간대_06~11_매출_금액,시간대_11~14_매출_금액,시간대_14~17_매출_금액,시간대_17~21_매출_금액,시간대_21~24_매출_금액," +
	"남성_매출_금액,여성_매출_금액," +
	"연령대_10_매출_금액,연령대_20_매출_금액,연령대_30_매출_금액,연령대_40_매출_금액,연령대_50_매출_금액,연령대_60_이상_매출_금액," +
	"주중_매출_건수,주말_매출_건수," +
	"월요일_매출_건수,화요일_매출_건수,수요일_매출_건수,목요일_매출_건수,금요일_매출_건수,토요일_매출_건수,일요일_매출_건수," +
	"시간대_건수~06_매출_건수,시간대_건수~11_매출_건수,시간대_건수~14_매출_건수,시간대_건수~17_매출_건수,시간대_건수~21_매출_건수,시간대_건수~24_매출_건수," +
	"남성_매출_건수,여성_매출_건수," +
	"연령대_10_매출_건수,연령대_20_매출_건수,연령대_30_매출_건수,연령대_40_매출_건수,연령대_50_매출_건수,연령대_60_이상_매출_건수\n"

// industries are 서비스_업종 codes and names: the 55 of the published sales
// samples plus five more of the same code list.
var industries = [][2]string{
	{"CS100001", "한식음식점"}, {"CS100002", "중식음식점"}, {"CS100003", "일식음식점"}, {"CS100004", "양식음식점"},
	{"CS100005", "제과점"}, {"CS100006", "패스트푸드점"}, {"CS100007", "치킨전문점"}, {"CS100008", "분식전문점"},
	{"CS100009", "호프-간이주점"}, {"CS100010", "커피-음료"},
	{"CS200001", "일반교습학원"}, {"CS200002", "외국어학원"}, {"CS200003", "예술학원"}, {"CS200005", "스포츠 강습"},
	{"CS200006", "일반의원"}, {"CS200007", "치과의원"}, {"CS200008", "한의원"}, {"CS200016", "당구장"},
	{"CS200017", "골프연습장"}, {"CS200019", "PC방"}, {"CS200024", "스포츠클럽"}, {"CS200025", "자동차수리"},
	{"CS200026", "자동차미용"}, {"CS200028", "미용실"}, {"CS200029", "네일숍"}, {"CS200030", "피부관리실"},
	{"CS200031", "세탁소"}, {"CS200033", "부동산중개업"}, {"CS200034", "여관"}, {"CS200036", "고시원"},
	{"CS200037", "노래방"},
	{"CS300001", "슈퍼마켓"}, {"CS300002", "편의점"}, {"CS300003", "컴퓨터및주변장치판매"}, {"CS300004", "핸드폰"},
	{"CS300006", "미곡판매"}, {"CS300007", "육류판매"}, {"CS300008", "수산물판매"}, {"CS300009", "청과상"},
	{"CS300010", "반찬가게"}, {"CS300011", "일반의류"}, {"CS300014", "신발"}, {"CS300015", "가방"},
	{"CS300016", "안경"}, {"CS300017", "시계및귀금속"}, {"CS300018", "의약품"}, {"CS300019", "의료기기"},
	{"CS300020", "서적"}, {"CS300021", "문구"}, {"CS300022", "화장품"}, {"CS300024", "운동/경기용품"},
	{"CS300027", "섬유제품"}, {"CS300028", "화초"}, {"CS300029", "애완동물"}, {"CS300031", "가구"},
	{"CS300032", "가전제품"}, {"CS300033", "철물점"}, {"CS300035", "인테리어"}, {"CS300036", "조명용품"},
	{"CS300043", "전자상거래업"},
}

// district is what a sales row repeats of its 영역-상권 row.
type district struct {
	typeCode, typeName, code, name string
}

// options of one run.
type options struct {
	areas string // 영역-상권 CSV the district codes come from
	size  int64  // stop once the UTF-8 file has at least this many bytes
	out   string // UTF-8 file (no BOM)
	cp949 string // if not empty, the same rows in CP949
	seed  uint64
}

// stats is what a run wrote.
type stats struct {
	rows       int64
	quarters   int
	utf8Bytes  int64
	cp949Bytes int64
}

func main() {
	var o options
	var size string
	flag.StringVar(&o.areas, "areas", "", "영역-상권 CSV file whose district codes the rows use (required)")
	flag.StringVar(&size, "size", "1GB", "size of the UTF-8 file: bytes, or a number with KB, MB or GB (decimal)")
	flag.StringVar(&o.out, "o", "sales.utf8.csv", "UTF-8 output file")
	flag.StringVar(&o.cp949, "cp949", "", "also write the same rows in CP949 to this file")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed")
	flag.Parse()
	n, err := parseSize(size)
	if err != nil || o.areas == "" {
		fmt.Fprintln(os.Stderr, "gensales: need -areas and a valid -size")
		flag.Usage()
		os.Exit(2)
	}
	o.size = n
	st, err := generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensales:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d rows, %d quarters, %d bytes\n", o.out, st.rows, st.quarters, st.utf8Bytes)
	if o.cp949 != "" {
		fmt.Printf("%s: %d rows, %d bytes (CP949)\n", o.cp949, st.rows, st.cp949Bytes)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	u := strings.ToUpper(strings.TrimSpace(s))
	for _, suf := range []struct {
		s string
		m int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSuffix(u, suf.s), suf.m
			break
		}
	}
	f, err := strconv.ParseFloat(u, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("size %q", s)
	}
	return int64(f * float64(mult)), nil
}

// readDistricts reads the districts of a 영역-상권 file with sangsaeng's own
// reader, so its encoding and header variants are handled as ingest does.
func readDistricts(path string) ([]district, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := seoul.ReadCSV(f, path, nil)
	if err != nil {
		return nil, err
	}
	s := rows.Schema()
	if s.Dataset != seoul.Areas {
		return nil, fmt.Errorf("%s is %s, not a 영역-상권 file", path, s.Dataset)
	}
	tc, tn, c, n := s.Col("type_code"), s.Col("type_name"), s.Col("code"), s.Col("name")
	var out []district
	row := make([]any, len(s.Columns))
	for {
		_, err := rows.Next(row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, district{row[tc].(string), row[tn].(string), row[c].(string), row[n].(string)})
	}
	if len(out) == 0 {
		return nil, errors.New(path + ": no districts")
	}
	return out, nil
}

// generate writes rows quarter by quarter (20001, 20002, …), each quarter
// every district × every industry, until the UTF-8 file reaches o.size.
// Keys stay unique for 400 quarters (2000–2099).
func generate(o options) (stats, error) {
	var st stats
	districts, err := readDistricts(o.areas)
	if err != nil {
		return st, err
	}
	uf, err := os.Create(o.out)
	if err != nil {
		return st, err
	}
	defer uf.Close()
	uw := bufio.NewWriterSize(uf, 1<<20)
	var cw *bufio.Writer
	var enc *transformWriter
	if o.cp949 != "" {
		cf, err := os.Create(o.cp949)
		if err != nil {
			return st, err
		}
		defer cf.Close()
		cw = bufio.NewWriterSize(cf, 1<<20)
		enc = &transformWriter{t: korean.EUCKR.NewEncoder(), w: cw}
	}
	write := func(b []byte) error {
		if _, err := uw.Write(b); err != nil {
			return err
		}
		st.utf8Bytes += int64(len(b))
		if enc != nil {
			n, err := enc.Write(b)
			st.cp949Bytes += int64(n)
			return err
		}
		return nil
	}
	if err := write([]byte(header)); err != nil {
		return st, err
	}
	g := &rowGen{rnd: rand.New(rand.NewPCG(o.seed, 0x5a5a))}
	var line []byte
loop:
	for year := 2000; year <= 2099; year++ {
		for q := 1; q <= 4; q++ {
			quarter := fmt.Sprintf("%d%d", year, q)
			st.quarters++
			for _, d := range districts {
				for _, ind := range industries {
					line = g.row(line[:0], quarter, d, ind)
					if err := write(line); err != nil {
						return st, err
					}
					st.rows++
				}
				if st.utf8Bytes >= o.size {
					break loop
				}
			}
		}
	}
	if err := uw.Flush(); err != nil {
		return st, err
	}
	if err := uf.Close(); err != nil {
		return st, err
	}
	if cw != nil {
		if err := cw.Flush(); err != nil {
			return st, err
		}
	}
	return st, nil
}

// transformWriter encodes whole lines: every line is complete text, so the
// encoder never has to carry bytes over.
type transformWriter struct {
	t   transform.Transformer
	w   io.Writer
	buf []byte
}

func (t *transformWriter) Write(b []byte) (int, error) {
	t.t.Reset()
	for {
		if cap(t.buf) < 2*len(b)+16 {
			t.buf = make([]byte, 2*len(b)+16)
		}
		t.buf = t.buf[:cap(t.buf)]
		n, _, err := t.t.Transform(t.buf, b, true)
		if err == transform.ErrShortDst {
			t.buf = make([]byte, 2*cap(t.buf))
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("encode CP949: %w (in %q)", err, b)
		}
		return t.w.Write(t.buf[:n])
	}
}

// rowGen makes consistent sales rows.
type rowGen struct {
	rnd   *rand.Rand
	parts [7]int64
}

// row appends one CSV line. Amounts and counts keep every identity the
// 상권 sales files keep exactly (weekday + weekend, the seven days, the six
// time bands) and also sex and age, which the publisher does not always keep.
func (g *rowGen) row(b []byte, quarter string, d district, ind [2]string) []byte {
	b = append(b, quarter...)
	b = appendField(b, d.typeCode)
	b = appendField(b, d.typeName)
	b = appendField(b, d.code)
	b = appendField(b, d.name)
	b = appendField(b, ind[0])
	b = appendField(b, ind[1])
	// Amounts from 10⁵ to 10¹⁰ won, log-uniform; 5,000–30,000 won a sale.
	amount := int64(math.Pow(10, 5+5*g.rnd.Float64()))
	count := max(1, amount/(5000+g.rnd.Int64N(25000)))
	b = appendInt(b, amount)
	b = appendInt(b, count)
	b = g.breakdown(b, amount)
	b = g.breakdown(b, count)
	return append(b, '\n')
}

// breakdown appends, in published order, the breakdowns of one total:
// weekday, weekend, the seven days, the six time bands, male and female,
// the six age bands.
func (g *rowGen) breakdown(b []byte, total int64) []byte {
	days := g.split(total, 7)
	b = appendInt(b, days[0]+days[1]+days[2]+days[3]+days[4])
	b = appendInt(b, days[5]+days[6])
	for _, v := range days {
		b = appendInt(b, v)
	}
	for _, v := range g.split(total, 6) {
		b = appendInt(b, v)
	}
	for _, v := range g.split(total, 2) {
		b = appendInt(b, v)
	}
	for _, v := range g.split(total, 6) {
		b = appendInt(b, v)
	}
	return b
}

// split divides total into n random non-negative parts that sum to it.
func (g *rowGen) split(total int64, n int) []int64 {
	var w [7]float64
	sum := 0.0
	for i := 0; i < n; i++ {
		w[i] = 0.2 + g.rnd.Float64()
		sum += w[i]
	}
	rest := total
	for i := 0; i < n-1; i++ {
		g.parts[i] = int64(float64(total) * w[i] / sum)
		rest -= g.parts[i]
	}
	g.parts[n-1] = rest
	return g.parts[:n]
}

func appendInt(b []byte, v int64) []byte {
	return strconv.AppendInt(append(b, ','), v, 10)
}

func appendField(b []byte, s string) []byte {
	b = append(b, ',')
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
