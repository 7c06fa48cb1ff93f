package validate

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // register the GIF decoder for image.DecodeConfig
	_ "image/jpeg" // register the JPEG decoder for image.DecodeConfig
	_ "image/png"  // register the PNG decoder for image.DecodeConfig
	"io"
	"slices"
	"strings"
)

// Upload limits for images.
const (
	// MaxImageBytes is the default maximum size of an uploaded image.
	MaxImageBytes = 10 << 20
	// MaxImageSide is the maximum width or height in pixels.
	MaxImageSide = 10000
	// MaxImagePixels is the maximum width × height, which admits a 24
	// megapixel photo (6000×4000) and a 300 dpi A3 scan. It bounds the
	// memory one decode takes (96 MB for 8-bit RGBA, 192 MB for 16-bit),
	// because a small compressed file can declare a huge canvas.
	MaxImagePixels = 24_000_000
)

// imageFormats are the format names image.DecodeConfig reports for the
// decoders registered above, in the order shown to users.
var imageFormats = []string{"jpeg", "png", "gif"}

// Image is an uploaded image whose type was detected from its content.
type Image struct {
	// Format is "jpeg", "png" or "gif".
	Format string
	// Width and Height are in pixels.
	Width, Height int
	// Size is len(Data) in bytes.
	Size int64
	// Data is the complete file as uploaded.
	Data []byte
}

// ReadImage reads an uploaded image of at most maxBytes bytes from r and
// checks it.
//
// It reads at most maxBytes+1 bytes, so a larger upload fails with
// ErrTooLarge without being read in full. The type comes from the content,
// never from a file name or declared content type. It must be one of
// formats ("jpeg", "png", "gif"), and no formats means all three. It rejects
// empty input (ErrRequired), unknown or unlisted types (ErrUnsupportedType),
// sides over MaxImageSide or more than MaxImagePixels pixels (ErrTooLarge),
// and files that do not decode completely (ErrFormat). A failure to read r
// is returned wrapped and is not an *Error.
func ReadImage(r io.Reader, maxBytes int64, formats ...string) (Image, error) {
	if len(formats) == 0 {
		formats = imageFormats
	}

	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Image{}, fmt.Errorf("read image: %w", err)
	}
	if len(data) == 0 {
		return Image{}, invalid(ErrRequired, "请上传图片")
	}
	if int64(len(data)) > maxBytes {
		return Image{}, invalid(ErrTooLarge, fmt.Sprintf("图片不能超过%s，请压缩后重新上传", formatBytes(maxBytes)))
	}

	format := sniffImageFormat(data)
	if !slices.Contains(formats, format) {
		return Image{}, invalid(ErrUnsupportedType, fmt.Sprintf("不支持该文件类型，请上传%s格式的图片", formatNames(formats)))
	}
	cfg, decoded, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || decoded != format {
		return Image{}, invalid(ErrFormat, "图片文件已损坏或不完整，请重新上传")
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return Image{}, err
	}
	// NOTE: for GIF this decodes and verifies only the first frame, so a
	// broken later frame is not detected.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return Image{}, invalid(ErrFormat, "图片文件已损坏或不完整，请重新上传")
	}
	return Image{Format: format, Width: cfg.Width, Height: cfg.Height, Size: int64(len(data)), Data: data}, nil
}

// sniffImageFormat returns the format name that the file signature of
// data identifies, or "" for an unknown signature. Sniffing apart from
// decoding lets a truncated JPEG, whose header decodes to an error, be
// reported as damaged instead of as an unsupported type.
func sniffImageFormat(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	}
	return ""
}

func checkDimensions(w, h int) error {
	if w <= 0 || h <= 0 {
		return invalid(ErrFormat, "图片尺寸无效，请重新上传")
	}
	if w > MaxImageSide || h > MaxImageSide || w*h > MaxImagePixels {
		return invalid(ErrTooLarge, fmt.Sprintf("图片尺寸过大（%d×%d像素），宽和高不能超过%d像素，总像素不能超过%d万", w, h, MaxImageSide, MaxImagePixels/10000))
	}
	return nil
}

// formatNames lists formats for a message, such as "JPEG、PNG或GIF".
func formatNames(formats []string) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = strings.ToUpper(f)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], "、") + "或" + names[len(names)-1]
}

// formatBytes renders a byte limit as whole MB or KB, or as bytes.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d字节", n)
}
