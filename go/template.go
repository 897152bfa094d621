//go:build cgo

package userhash

// html/template functions (README.md, net/http and html/template) over the *Widget that
// Middleware put in the request's context; cgo only, as http.go (without cgo, nocgo.go's
// error is the build's only one).

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
)

// TemplateFuncs returns the functions to add with (*template.Template).Funcs before parsing:
//
//	{{ userhashWidget .Request }}      the <script> element, as template.HTML (with the nonce)
//	{{ userhashWidgetJSON .Request }}  the configuration object, as template.JS
//
// Each takes the *http.Request or its context.Context, and fails the template's Execute with the
// widget's error (ErrNoWidget without Middleware).
func TemplateFuncs() template.FuncMap {
	return template.FuncMap{
		"userhashWidget": func(from any) (template.HTML, error) {
			w, err := widgetOf(from)
			if err != nil {
				return "", err
			}
			return w.Script()
		},
		"userhashWidgetJSON": func(from any) (template.JS, error) {
			w, err := widgetOf(from)
			if err != nil {
				return "", err
			}
			return w.JSON()
		},
	}
}

// widgetOf is the *Widget in the context of a template function's argument.
func widgetOf(from any) (*Widget, error) {
	switch v := from.(type) {
	case *http.Request:
		return FromContext(v.Context()), nil
	case context.Context:
		return FromContext(v), nil
	}
	return nil, fmt.Errorf("userhash: a template function was given %T: give it the *http.Request or its context.Context", from)
}
