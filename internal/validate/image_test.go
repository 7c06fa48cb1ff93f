package validate

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/iotest"
)

// testPicture returns a w×h picture with a gradient, so encoders produce
// non-trivial data.
func testPicture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 7), G: uint8(y * 5), B: uint8(x + y), A: 255})
		}
	}
	return img
}

func encodePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testPicture(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testPicture(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, testPicture(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngHeader returns a PNG signature and IHDR chunk declaring a w×h 8-bit
// RGBA image with no pixel data, as a decompression bomb would start.
func pngHeader(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:4], w)
	binary.BigEndian.PutUint32(ihdr[4:8], h)
	ihdr[8] = 8 // bit depth
	ihdr[9] = 6 // color type RGBA
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&buf, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr[:]...)
	buf.Write(chunk)
	binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return buf.Bytes()
}

func TestReadImage(t *testing.T) {
	pngData := encodePNG(t, 64, 48)
	jpegData := encodeJPEG(t, 64, 48)
	gifData := encodeGIF(t, 64, 48)
	tests := []struct {
		name       string
		data       []byte
		maxBytes   int64
		formats    []string
		wantFormat string
		wantErr    error
		text       string
	}{
		{"png", pngData, MaxImageBytes, nil, "png", nil, ""},
		{"jpeg", jpegData, MaxImageBytes, nil, "jpeg", nil, ""},
		{"gif", gifData, MaxImageBytes, nil, "gif", nil, ""},
		{"jpeg among allowed", jpegData, MaxImageBytes, []string{"jpeg", "png"}, "jpeg", nil, ""},
		{"exactly max bytes", pngData, int64(len(pngData)), nil, "png", nil, ""},
		{"png declared as jpeg", pngData, MaxImageBytes, []string{"jpeg"}, "", ErrUnsupportedType, "请上传JPEG格式的图片"},
		{"gif not allowed", gifData, MaxImageBytes, []string{"jpeg", "png"}, "", ErrUnsupportedType, "JPEG或PNG"},
		{"text file", []byte("营业执照扫描件.jpg\n这不是图片"), MaxImageBytes, nil, "", ErrUnsupportedType, "JPEG、PNG或GIF"},
		{"pdf header", []byte("%PDF-1.7\n%âãÏÓ\n"), MaxImageBytes, nil, "", ErrUnsupportedType, "不支持该文件类型"},
		{"empty", nil, MaxImageBytes, nil, "", ErrRequired, "请上传图片"},
		{"one byte over", pngData, int64(len(pngData)) - 1, nil, "", ErrTooLarge, "不能超过"},
		{"over 10 MB", append(pngData, make([]byte, MaxImageBytes)...), MaxImageBytes, nil, "", ErrTooLarge, "图片不能超过10 MB"},
		{"truncated png", pngData[:len(pngData)/2], MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"truncated jpeg", jpegData[:len(jpegData)/2], MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"truncated gif", gifData[:len(gifData)/2], MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"png header only", pngHeader(64, 48), MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"side over limit", pngHeader(MaxImageSide+1, 10), MaxImageBytes, nil, "", ErrTooLarge, "10001×10像素"},
		{"pixels over limit", pngHeader(6000, 4001), MaxImageBytes, nil, "", ErrTooLarge, "6000×4001像素"},
		{"pixels over limit", pngHeader(9000, 9000), MaxImageBytes, nil, "", ErrTooLarge, "尺寸过大"},
		{"bomb", pngHeader(60000, 60000), MaxImageBytes, nil, "", ErrTooLarge, "尺寸过大"},
		{"overflowing dimensions", pngHeader(1<<30, 1<<30), MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"jpeg signature only", []byte("\xff\xd8\xff"), MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
		{"gif signature only", []byte("GIF89a"), MaxImageBytes, nil, "", ErrFormat, "已损坏或不完整"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := ReadImage(bytes.NewReader(tt.data), tt.maxBytes, tt.formats...)
			checkError(t, err, tt.wantErr, tt.text)
			if tt.wantErr != nil {
				return
			}
			if img.Format != tt.wantFormat {
				t.Errorf("Format = %q, want %q", img.Format, tt.wantFormat)
			}
			if img.Width != 64 || img.Height != 48 {
				t.Errorf("size = %d×%d, want 64×48", img.Width, img.Height)
			}
			if img.Size != int64(len(tt.data)) {
				t.Errorf("Size = %d, want %d", img.Size, len(tt.data))
			}
			if !bytes.Equal(img.Data, tt.data) {
				t.Error("Data differs from the input")
			}
		})
	}
}

// countingReader counts the bytes read from an endless stream of zeros.
type countingReader struct{ n int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	clear(p)
	r.n += int64(len(p))
	return len(p), nil
}

func TestReadImageStopsAfterLimit(t *testing.T) {
	r := &countingReader{}
	_, err := ReadImage(r, 1<<20)
	checkError(t, err, ErrTooLarge, "1 MB")
	// io.ReadAll may ask for more than the limit, but LimitReader caps
	// each read, so the source is asked for at most maxBytes+1 bytes.
	if r.n > 1<<20+1 {
		t.Errorf("read %d bytes, want at most %d", r.n, 1<<20+1)
	}
}

func TestReadImageReaderError(t *testing.T) {
	boom := errors.New("connection reset")
	_, err := ReadImage(iotest.ErrReader(boom), MaxImageBytes)
	if !errors.Is(err, boom) {
		t.Fatalf("error = %v, want one wrapping %v", err, boom)
	}
	var verr *Error
	if errors.As(err, &verr) {
		t.Errorf("reader failure returned as validation error %q", verr.Message)
	}
}

func TestReadImageSlowReader(t *testing.T) {
	data := encodeJPEG(t, 64, 48)
	img, err := ReadImage(iotest.OneByteReader(bytes.NewReader(data)), MaxImageBytes, "jpeg")
	if err != nil {
		t.Fatal(err)
	}
	if img.Format != "jpeg" {
		t.Errorf("Format = %q, want jpeg", img.Format)
	}
}

func TestFormatBytes(t *testing.T) {
	tests := map[int64]string{10 << 20: "10 MB", 512 << 10: "512 KB", 1000: "1000字节"}
	for n, want := range tests {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
