package userhash

import "math"

// Widget presets (docs/spec.md, section 5.1).
const (
	PresetTau     = "tau"     // window.taubotConfig = {appId, user: {id, hash, name, …}}
	PresetHal     = "hal"     // window.HalSettings = {appId, visitorId, name, email, userHash, metadata}
	PresetGeneric = "generic" // {appId, userId, userHash, …} under Global (window.userhashConfig)
)

// WidgetConfig is a widget configuration. User nil is an anonymous visitor (no id, no hash).
// Global names the generic preset's global ("" for window.userhashConfig). Nonce is the CSP
// nonce of the script element ("" for none); WidgetJSON does not use it.
type WidgetConfig struct {
	Preset string
	AppID  string
	Global string
	Nonce  string
	User   *WidgetUser
}

// WidgetUser is the logged-in user. ID is required; the hash is computed from it, never
// given. An empty text field, a nil CreatedAt and a nil Metadata are left out; a non-nil
// empty Metadata is written as {}. Metadata values are string, bool, nil or an integer
// type (within int64).
type WidgetUser struct {
	ID                string
	Name              string
	Email             string
	Phone             string
	ProfilePictureURL string
	CreatedAt         *int64
	Metadata          map[string]any
}

// WidgetScript returns the complete <script> element (docs/spec.md, section 5.2), with
// nonce="…" when cfg.Nonce is set: byte for byte what every userhash language writes.
func WidgetScript(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, true) }

// WidgetJSON returns the configuration object alone, as HTML-safe JSON.
func WidgetJSON(signer *Signer, cfg WidgetConfig) (string, error) { return widget(signer, cfg, false) }

// widgetSpec lays the configuration out flat for uh_widget (native.go): texts back to back,
// int64s giving offsets and lengths.
type widgetSpec struct {
	text []byte
	spec []int64
}

func (w *widgetSpec) add(s string, optional bool) {
	if optional && s == "" {
		w.spec = append(w.spec, -1, 0)
		return
	}
	w.spec = append(w.spec, int64(len(w.text)), int64(len(s)))
	w.text = append(w.text, s...)
}

func metaValue(v any) (kind, integer int64, text string, ok bool) {
	switch v := v.(type) {
	case nil:
		return metaNull, 0, "", true
	case string:
		return metaText, 0, v, true
	case bool:
		if v {
			return metaBool, 1, "", true
		}
		return metaBool, 0, "", true
	case int:
		return metaInteger, int64(v), "", true
	case int8:
		return metaInteger, int64(v), "", true
	case int16:
		return metaInteger, int64(v), "", true
	case int32:
		return metaInteger, int64(v), "", true
	case int64:
		return metaInteger, v, "", true
	case uint8:
		return metaInteger, int64(v), "", true
	case uint16:
		return metaInteger, int64(v), "", true
	case uint32:
		return metaInteger, int64(v), "", true
	case uint:
		return metaInteger, int64(v), "", uint64(v) <= math.MaxInt64
	case uint64:
		return metaInteger, int64(v), "", v <= math.MaxInt64
	}
	return 0, 0, "", false
}

func widget(signer *Signer, cfg WidgetConfig, script bool) (string, error) {
	w := widgetSpec{spec: make([]int64, 0, specMeta)}
	w.add(cfg.Preset, false)
	w.add(cfg.AppID, false)
	w.add(cfg.Global, true)
	w.add(cfg.Nonce, true)
	metaCount := 0
	if u := cfg.User; u == nil {
		w.spec = append(w.spec, make([]int64, specMeta-len(w.spec))...)
	} else {
		w.spec = append(w.spec, 1)
		w.add(u.ID, false)
		w.add(u.Name, true)
		w.add(u.Email, true)
		w.add(u.Phone, true)
		w.add(u.ProfilePictureURL, true)
		if u.CreatedAt != nil {
			w.spec = append(w.spec, 1, *u.CreatedAt)
		} else {
			w.spec = append(w.spec, 0, 0)
		}
		if u.Metadata != nil {
			w.spec = append(w.spec, 1)
		} else {
			w.spec = append(w.spec, 0)
		}
		for key, value := range u.Metadata {
			kind, integer, text, ok := metaValue(value)
			if !ok {
				return "", codeError(resultInvalidMetadata, "metadata values must be string, bool, nil or an integer within int64")
			}
			w.add(key, false)
			w.spec = append(w.spec, kind)
			if kind == metaText {
				w.add(text, false)
			} else {
				w.spec = append(w.spec, -1, 0)
			}
			w.spec = append(w.spec, integer, integer) // integer, and boolean for bool
			metaCount++
		}
	}
	if signer == nil {
		return "", ErrClosed
	}
	h, err := signer.native.acquire()
	if err != nil {
		return "", err
	}
	defer signer.release()
	// JSON escaping writes at most 6 bytes per text byte; the rest is the keys, the hash and
	// the numbers.
	return nativeWidget(h, w.text, w.spec, metaCount, script, 512+6*len(w.text)+48*metaCount)
}
