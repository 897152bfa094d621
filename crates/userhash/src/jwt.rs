//! HS256 JSON Web Tokens, for the vendors that moved from a hex hash to a JWT (docs/spec.md,
//! section 6): the compact form, issued byte-identical to PyJWT, and read strictly.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::hash::HASH_LEN;
use crate::json::{Escape, JsonObject};
use crate::signer::Signer;
use crate::widget_json::Entries;

/// The longest token read: far above any identity token, and the bound on what a token
/// makes userhash decode.
pub const MAX_JWT_LEN: usize = 16 * 1024;

/// The header, as PyJWT writes it (keys sorted): `{"alg":"HS256","typ":"JWT"}`, with the
/// key id between them when the vendor names keys.
pub(crate) fn header_json(kid: Option<&str>) -> String {
    let mut header = JsonObject::with_escape(Escape::Ascii);
    header.string("alg", "HS256");
    header.optional_string("kid", kid);
    header.string("typ", "JWT");
    header.finish()
}

/// `BASE64URL(header).BASE64URL(claims).BASE64URL(HMAC-SHA256(key, the first two parts))`.
pub(crate) fn encode(signer: &Signer, kid: Option<&str>, claims_json: &str) -> String {
    let mut token = URL_SAFE_NO_PAD.encode(header_json(kid));
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(claims_json, &mut token);
    let mac = signer.mac_parts(&[token.as_bytes()]);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(mac, &mut token);
    token
}

/// A JWT whose form is right; nothing in it is authenticated yet.
pub(crate) struct ParsedJwt<'a> {
    /// The header and claims parts with the dot between them: what the MAC covers.
    pub signing_input: &'a [u8],
    pub kid: Option<String>,
    pub claims: Claims,
    /// The claims part decoded: JSON text, as the issuer wrote it.
    pub claims_json: String,
    pub mac: [u8; HASH_LEN],
}

/// The claims object's members in order. A key given twice is refused while reading, so
/// every lookup has one answer.
pub(crate) struct Claims(Vec<(String, Value)>);

impl Claims {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }
}

/// Reads a compact JWT: three base64url parts (no padding, no stray bits), a header that is
/// exactly `alg` HS256, `typ` JWT and an optional `kid`, and a claims object, neither with
/// a key given twice.
pub(crate) fn parse(token: &[u8]) -> Result<ParsedJwt<'_>> {
    if token.len() > MAX_JWT_LEN {
        return Err(Error::JwtFormat("longer than 16 KiB"));
    }
    let mut parts = token.split(|&b| b == b'.');
    let (Some(header), Some(claims), Some(mac), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::JwtFormat("not three parts separated by dots"));
    };
    let header = read_object(&decode_part(header)?)?;
    let kid = read_header(header)?;
    let claims_bytes = decode_part(claims)?;
    let claims = Claims(read_object(&claims_bytes)?);
    let claims_json = String::from_utf8(claims_bytes)
        .map_err(|_| Error::JwtFormat("a part is not a JSON object"))?;
    let mac = decode_part(mac)?
        .try_into()
        .map_err(|_| Error::JwtFormat("the signature is not 32 bytes"))?;
    let signing_input = &token[..token.iter().rposition(|&b| b == b'.').unwrap_or_default()];
    Ok(ParsedJwt { signing_input, kid, claims, claims_json, mac })
}

fn decode_part(part: &[u8]) -> Result<Vec<u8>> {
    if part.is_empty() {
        return Err(Error::JwtFormat("a part is empty"));
    }
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| Error::JwtFormat("a part is not base64url without padding"))
}

/// The key id of a header that has exactly the members userhash accepts.
fn read_header(members: Vec<(String, Value)>) -> Result<Option<String>> {
    let (mut alg, mut typ, mut kid) = (None, None, None);
    for (key, value) in members {
        let slot = match key.as_str() {
            "alg" => &mut alg,
            "typ" => &mut typ,
            "kid" => &mut kid,
            _ => return Err(Error::JwtHeader("it has a member other than alg, typ and kid")),
        };
        let Value::String(text) = value else {
            return Err(Error::JwtHeader("a member is not a string"));
        };
        *slot = Some(text);
    }
    match alg.as_deref() {
        Some("HS256") => {}
        Some(_) => return Err(Error::JwtHeader("alg is not HS256")),
        None => return Err(Error::JwtHeader("alg is missing")),
    }
    if typ.as_deref() != Some("JWT") {
        return Err(Error::JwtHeader("typ is not JWT"));
    }
    Ok(kid)
}

/// A JSON object's members in order, refusing a key given twice: a parser that keeps the
/// first or the last would let two readers of one token see different claims.
fn read_object(json: &[u8]) -> Result<Vec<(String, Value)>> {
    let Ok(Entries(members)) = serde_json::from_slice::<Entries>(json) else {
        return Err(Error::JwtFormat("a part is not a JSON object"));
    };
    for (i, (key, _)) in members.iter().enumerate() {
        if members[..i].iter().any(|(seen, _)| seen == key) {
            return Err(Error::JwtFormat("a key is given twice"));
        }
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn b64(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    fn code(token: &str) -> &'static str {
        parse(token.as_bytes()).err().map_or("ok", |e| e.code())
    }

    #[test]
    fn reads_what_it_writes() {
        let signer = Signer::new(&Secret::from_text("s").unwrap());
        let token = encode(&signer, Some("k1"), r#"{"sub":"u"}"#);
        let parsed = parse(token.as_bytes()).unwrap();
        assert_eq!(parsed.kid.as_deref(), Some("k1"));
        assert_eq!(parsed.claims.text("sub"), Some("u"));
        assert_eq!(parsed.mac, signer.mac_parts(&[parsed.signing_input]));
    }

    #[test]
    fn refuses_every_other_form() {
        let mac = URL_SAFE_NO_PAD.encode([0u8; 32]);
        let header = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = b64(r#"{"sub":"u"}"#);
        assert_eq!(code(&format!("{header}.{claims}.{mac}")), "ok");
        for bad in [
            format!("{header}.{claims}"),
            format!("{header}.{claims}.{mac}."),
            format!("{header}.{claims}.{mac}="),
            format!("{header}=.{claims}.{mac}"),
            format!("{header}..{mac}"),
            format!("{header}.{claims}.{}", &mac[1..]),
            format!("{header}.{}.{mac}", b64("[1]")),
            format!("{header}.{}.{mac}", b64(r#"{"sub":"u","sub":"v"}"#)),
            format!("{header}.{} .{mac}", claims),
            format!("{}.{claims}.{mac}", b64(r#"{"alg":"HS256","alg":"HS256","typ":"JWT"}"#)),
            "a".repeat(MAX_JWT_LEN + 1),
        ] {
            assert_eq!(code(&bad), "jwt_format", "{bad}");
        }
        for bad in [
            r#"{"alg":"none","typ":"JWT"}"#,
            r#"{"alg":"HS512","typ":"JWT"}"#,
            r#"{"alg":"hs256","typ":"JWT"}"#,
            r#"{"typ":"JWT"}"#,
            r#"{"alg":"HS256"}"#,
            r#"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#,
            r#"{"alg":"HS256","typ":"JWT","kid":7}"#,
        ] {
            assert_eq!(code(&format!("{}.{claims}.{mac}", b64(bad))), "jwt_header", "{bad}");
        }
    }
}
