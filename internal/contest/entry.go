package contest

import (
	"bytes"
	"fmt"
	"time"
)

// CodeContestClosed refuses an entry made after the closing time.
const CodeContestClosed = "contest_closed"

// CheckEntry checks an entry submitted at now to a contest open from opens
// to closes (closes excluded): a product must have a positive unit price
// and 1 ≤ MinUnits ≤ MaxUnits; outside the window it is refused with
// contest_closed.
func CheckEntry(now, opens, closes time.Time, e Entry) error {
	if now.Before(opens) || !now.Before(closes) {
		return &Error{Code: CodeContestClosed, Entry: e.ID, Message: fmt.Sprintf("entries are taken from %s until %s", opens.Format(time.RFC3339), closes.Format(time.RFC3339))}
	}
	if e.UnitPrice <= 0 {
		return &Error{Code: CodeInvalid, Entry: e.ID, Message: fmt.Sprintf("unit price %d, want a positive amount", e.UnitPrice)}
	}
	if e.MinUnits < 1 || e.MaxUnits < e.MinUnits {
		return &Error{Code: CodeInvalid, Entry: e.ID, Message: fmt.Sprintf("units %d–%d, want 1 ≤ min ≤ max", e.MinUnits, e.MaxUnits)}
	}
	return nil
}

// MaxAttachment is the largest attachment accepted, in bytes (10 MiB).
const MaxAttachment = 10 << 20

// AttachmentType names an attachment's type from its first bytes, never
// from its name: image/png, image/jpeg, image/webp or application/pdf.
// Anything else, an empty file or one over MaxAttachment is refused.
func AttachmentType(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", invalid("the attachment is empty")
	case len(data) > MaxAttachment:
		return "", invalid("the attachment has %d bytes, at most %d are accepted", len(data), MaxAttachment)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", nil
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg", nil
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return "image/webp", nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf", nil
	}
	return "", invalid("the attachment is not a PNG, JPEG, WebP image or a PDF")
}
