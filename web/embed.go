// Package web embeds the built front-end (Vue 3 + Element Plus) so that one
// binary serves it. The Makefile runs the Vite build into web/dist before
// compiling; without it the binary serves a placeholder page.
package web

import "embed"

// Dist contains the Vite build output, rooted at "dist".
//
//go:embed all:dist
var Dist embed.FS
