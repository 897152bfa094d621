//! The JSON text userhash writes, in one of two forms, each what Python's `json.dumps(…,
//! separators=(",", ":"))` writes: widget snippets (docs/spec.md, section 5.2) with
//! `ensure_ascii=False`, made safe inside HTML; JWT headers and claims (section 6.2) with
//! `ensure_ascii=True`, as PyJWT writes them.

/// How strings are escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// UTF-8 kept, `<`, `>`, `&`, U+2028 and U+2029 escaped: safe inside a script element.
    HtmlSafe,
    /// Every character outside printable ASCII escaped as `\uXXXX` (UTF-16 units).
    Ascii,
}

/// Builds one JSON object, inserting commas itself.
pub(crate) struct JsonObject {
    out: String,
    empty: Vec<bool>,
    escape: Escape,
}

impl JsonObject {
    pub fn new() -> Self {
        Self::with_escape(Escape::HtmlSafe)
    }

    pub fn with_escape(escape: Escape) -> Self {
        JsonObject { out: String::from("{"), empty: vec![true], escape }
    }

    fn key(&mut self, key: &str) {
        let first = self.empty.last_mut().expect("an object is open");
        if !std::mem::replace(first, false) {
            self.out.push(',');
        }
        push_string(&mut self.out, key, self.escape);
        self.out.push(':');
    }

    pub fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        push_string(&mut self.out, value, self.escape);
    }

    /// Writes the field only when there is a value.
    pub fn optional_string(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(key, value);
        }
    }

    pub fn raw(&mut self, key: &str, literal: &str) {
        self.key(key);
        self.out.push_str(literal);
    }

    pub fn open(&mut self, key: &str) {
        self.key(key);
        self.out.push('{');
        self.empty.push(true);
    }

    pub fn close(&mut self) {
        self.empty.pop();
        self.out.push('}');
    }

    pub fn finish(mut self) -> String {
        self.close();
        debug_assert!(self.empty.is_empty(), "every nested object is closed");
        self.out
    }
}

/// `value` as a JSON string literal.
pub(crate) fn string_literal(value: &str, escape: Escape) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_string(&mut out, value, escape);
    out
}

fn push_string(out: &mut String, value: &str, escape: Escape) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            // Controls, and the characters that could end the script element or its line.
            '\0'..='\u{1f}' => push_unit(out, c as u16),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if escape == Escape::HtmlSafe => {
                push_unit(out, c as u16);
            }
            ' '..='~' => out.push(c),
            _ if escape == Escape::Ascii => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_unit(out, *unit);
                }
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

fn push_unit(out: &mut String, unit: u16) {
    out.push_str(&format!("\\u{unit:04x}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_python_json_then_html_safe() {
        let mut o = JsonObject::new();
        o.string("k", "a\"b\\c\n\t\u{1}</script>&\u{2028}\u{2029}é😀/");
        o.open("n");
        o.raw("i", "-1");
        o.close();
        assert_eq!(
            o.finish(),
            r#"{"k":"a\"b\\c\n\t\u0001\u003c/script\u003e\u0026\u2028\u2029é😀/","n":{"i":-1}}"#
        );
    }

    #[test]
    fn every_control_character_is_escaped_as_python_writes_it() {
        // Every character below U+0020, then the other escaped and some unescaped ones.
        let text: String =
            (0u8..0x20).map(char::from).chain("\"\\/<>&\u{2028}\u{2029}\u{7f} é".chars()).collect();
        let mut o = JsonObject::new();
        o.string("k", &text);
        // Python 3: json.dumps(text, ensure_ascii=False, separators=(",", ":")), whose
        // ESCAPE_DCT has the short forms \b \t \n \f \r and \u00XX for the other controls
        // (DEL is not escaped); then <, >, &, U+2028, U+2029 replaced as in spec 5.2.
        let python = concat!(
            r#"{"k":"\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r"#,
            r#"\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019"#,
            r#"\u001a\u001b\u001c\u001d\u001e\u001f\"\\/\u003c\u003e\u0026\u2028\u2029"#,
            "\u{7f} é\"}"
        );
        assert_eq!(o.finish(), python);
    }

    #[test]
    fn ascii_strings_escape_like_python_json_with_ensure_ascii() {
        // Python 3: json.dumps("<é😀\x7f\u2028\n", separators=(",", ":"))
        let text = "<é😀\u{7f}\u{2028}\n&";
        assert_eq!(string_literal(text, Escape::Ascii), r#""<\u00e9\ud83d\ude00\u007f\u2028\n&""#);
    }
}
