package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// zipMagic starts a zip archive (and so an .xlsx workbook); oleMagic an
// Excel 97-2003 .xls workbook.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// entrySep joins a zip archive's path and the name of a file inside it:
// data.zip!상권.csv.
const entrySep = "!"

// splitEntry splits ARCHIVE.zip!ENTRY into the archive's path and the
// entry's name; ok is false for any other path.
func splitEntry(path string) (archive, entry string, ok bool) {
	i := strings.Index(strings.ToLower(path), ".zip"+entrySep)
	if i < 0 {
		return "", "", false
	}
	return path[:i+4], path[i+4+len(entrySep):], true
}

// zipFile is a file inside a zip archive, with its name decoded: archives
// made on Korean Windows write names in CP949 without saying so.
type zipFile struct {
	name string
	f    *zip.File
}

func zipFiles(r *zip.Reader) []zipFile {
	out := make([]zipFile, 0, len(r.File))
	for _, f := range r.File {
		name := f.Name
		if !utf8.ValidString(name) {
			if s, err := korean.EUCKR.NewDecoder().String(name); err == nil {
				name = s
			}
		}
		out = append(out, zipFile{name, f})
	}
	return out
}

// isWorkbook reports whether a zip archive is an Excel workbook (.xlsx).
func isWorkbook(files []zipFile) bool {
	for _, f := range files {
		if f.name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// workbookReason is why an Excel workbook is refused.
const workbookReason = "an Excel workbook, not a CSV file: open it in Excel and save it as CSV (UTF-8 or CP949) — 파일 > 다른 이름으로 저장 > CSV UTF-8(쉼표로 분리) — then ingest the CSV"

// expandZip lists the CSV files inside the zip archive at path as
// ARCHIVE.zip!ENTRY paths. A workbook or an archive without a CSV file is
// listed as itself, so that ingesting it says why it is refused.
func expandZip(path string) ([]string, error) {
	r, err := zip.OpenReader(path)
	if err != nil {
		return []string{path}, nil
	}
	defer r.Close()
	files := zipFiles(&r.Reader)
	if isWorkbook(files) {
		return []string{path}, nil
	}
	var out []string
	for _, f := range files {
		if !f.f.FileInfo().IsDir() && strings.EqualFold(filepath.Ext(f.name), ".csv") && !strings.HasPrefix(filepath.Base(f.name), ".") {
			out = append(out, path+entrySep+f.name)
		}
	}
	if len(out) == 0 {
		return []string{path}, nil
	}
	return out, nil
}

// isZip reports whether the file at path starts as a zip archive does.
func isZip(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(zipMagic))
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, zipMagic)
}

// open returns the input to ingest for path: the file itself, or, for an
// entry of a zip archive or a UTF-16 text file, a temporary copy that the
// readers take (the entry's bytes; UTF-8 CSV with the same lines). cleanup
// removes the copies.
func (in *Ingester) open(path string) (input, func(), error) {
	src := input{path: path, name: path, file: filepath.Base(path)}
	var temps []*tempFile
	cleanup := func() {
		for _, t := range temps {
			t.Close()
		}
	}
	copyTo := func(write func(w io.Writer) error) error {
		tmp, err := createTemp(in.TempDir)
		if err != nil {
			return fmt.Errorf("%s: %w: %w", path, errTemp, err)
		}
		temps = append(temps, tmp)
		if err := write(tmp); err != nil {
			return err
		}
		src.path = tmp.path
		return nil
	}
	if archive, entry, ok := splitEntry(path); ok {
		src.file = filepath.Base(archive) + entrySep + entry
		err := copyTo(func(w io.Writer) error { return extract(archive, entry, w) })
		if err != nil {
			cleanup()
			return src, nil, err
		}
	}
	head, err := readHead(src.path, 2)
	if err == nil && seoul.IsUTF16(head) {
		src.encoding = seoul.UTF16Text
		err = copyTo(func(w io.Writer) error {
			f, err := os.Open(src.path)
			if err != nil {
				return err
			}
			defer f.Close()
			return seoul.FromUTF16Text(f, w, path)
		})
		if err != nil {
			cleanup()
			return src, nil, err
		}
	}
	return src, cleanup, nil
}

// extract writes the bytes of a file inside a zip archive to w.
func extract(archive, entry string, w io.Writer) error {
	r, err := zip.OpenReader(archive)
	if err != nil {
		return fmt.Errorf("%s: %w", archive, err)
	}
	defer r.Close()
	for _, f := range zipFiles(&r.Reader) {
		if f.name != entry {
			continue
		}
		rc, err := f.f.Open()
		if err != nil {
			return fmt.Errorf("%s%s%s: %w", archive, entrySep, entry, err)
		}
		defer rc.Close()
		if _, err := io.Copy(w, rc); err != nil {
			return fmt.Errorf("%s%s%s: %w", archive, entrySep, entry, err)
		}
		return nil
	}
	return fmt.Errorf("%s: no file %s inside: %w", archive, entry, os.ErrNotExist)
}

// readHead returns up to n first bytes of the file at path.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, n)
	k, err := io.ReadFull(f, head)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return head[:k], err
}
