package userhash

// What an optional user field that fails its rule does (README.md, Invalid fields): libuserhash
// leaves it out under "invalid_fields": "drop" and says which, for this file to log with slog.

// #include "userhash.h"
import "C"

import (
	"context"
	"encoding/json"
	"log/slog"
)

// InvalidFields is WidgetConfig.InvalidFields: RaiseInvalidFields or DropInvalidFields.
type InvalidFields string

const (
	// RaiseInvalidFields fails the call with the field's code (invalid_email …); "" means the same.
	RaiseInvalidFields InvalidFields = "raise"
	// DropInvalidFields leaves out each optional field (email unless the preset signs it, phone,
	// profile picture URL, created_at, metadata) that fails its rule, with a slog warning per field.
	DropInvalidFields InvalidFields = "drop"
)

// InvalidField is an optional user field that DropInvalidFields left out: the field's name, the
// code and message of its rule (which name the field, never its value).
type InvalidField struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// logDropped warns logger (nil: slog.Default()) of each field libuserhash leaves out of config.
func logDropped(logger *slog.Logger, config []byte) error {
	text, err := owned(func(out *C.userhash_string) error {
		return call(func() C.userhash_result {
			return C.userhash_widget_invalid_fields(cbuf(config), csize(config), out)
		})
	})
	var fields []InvalidField
	if err == nil {
		err = json.Unmarshal([]byte(text), &fields)
	}
	if logger == nil {
		logger = slog.Default()
	}
	for _, f := range fields {
		logger.LogAttrs(context.Background(), slog.LevelWarn, "userhash: left out a user field that fails its rule",
			slog.String("field", f.Field), slog.String("code", f.Code), slog.String("reason", f.Message))
	}
	return err
}
