package httpapi

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// placeholderPage is served when the binary was built without the
// front-end.
const placeholderPage = `<!doctype html><meta charset="utf-8"><title>武创通</title>
<p>前端尚未构建。请运行 <code>make build</code> 后重新启动。</p>`

// pageCSP limits the front-end page to its own scripts and API. Element
// Plus sets inline styles, and previews show uploads as blob: URLs.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// spa serves the built front-end: files as they are, and index.html for
// any other path so that the client-side router handles it.
func (s *Server) spa() http.Handler {
	files := http.FileServerFS(s.Web)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" {
			if st, err := fs.Stat(s.Web, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(w, r)
				return
			}
			// A missing file is a 404; only extension-less paths are
			// routes of the front-end.
			if path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		index, err := fs.ReadFile(s.Web, "index.html")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Security-Policy", pageCSP)
		if err != nil {
			io.WriteString(w, placeholderPage)
			return
		}
		w.Write(index)
	})
}
