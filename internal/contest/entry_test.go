package contest

import (
	"errors"
	"testing"
	"time"
)

func TestCheckEntry(t *testing.T) {
	opens := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	closes := time.Date(2027, 3, 31, 15, 0, 0, 0, time.UTC)
	ok := Entry{ID: "e", UnitPrice: 9_900, MinUnits: 100, MaxUnits: 500}
	tests := []struct {
		name string
		now  time.Time
		e    Entry
		code string
	}{
		{"open", opens, ok, ""},
		{"last second", closes.Add(-time.Second), ok, ""},
		{"at closing", closes, ok, CodeContestClosed},
		{"before opening", opens.Add(-time.Second), ok, CodeContestClosed},
		{"price", opens, Entry{ID: "e", MinUnits: 1, MaxUnits: 1}, CodeInvalid},
		{"units", opens, Entry{ID: "e", UnitPrice: 1, MinUnits: 5, MaxUnits: 4}, CodeInvalid},
	}
	for _, tt := range tests {
		err := CheckEntry(tt.now, opens, closes, tt.e)
		var ce *Error
		if (tt.code == "" && err != nil) || (tt.code != "" && (!errors.As(err, &ce) || ce.Code != tt.code)) {
			t.Errorf("%s: error %v, want code %q", tt.name, err, tt.code)
		}
	}
}

func TestAttachmentType(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "image/png"},
		{"jpeg", []byte("\xff\xd8\xff\xe0JFIF"), "image/jpeg"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"html named .pdf", []byte("<html><script>"), ""},
		{"empty", nil, ""},
		{"too big", append([]byte("%PDF-"), make([]byte, MaxAttachment)...), ""},
	}
	for _, tt := range tests {
		got, err := AttachmentType(tt.data)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("%s: AttachmentType = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}
