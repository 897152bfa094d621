//! `explain`: why does this hash not verify? Tries the mistakes people make, in turn.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};
use zeroize::Zeroizing;

use crate::error::Result;
use crate::hash::{HASH_HEX_LEN, decode_hash};
use crate::keyring::Keyring;
use crate::timestamp::unix_now;
use subtle::ConstantTimeEq;

use crate::secret::Secret;
use crate::signer::{Signer, macs_equal};
use crate::vendor::{Preset, Profile, SecretForm, Subject};
use crate::verification::{FailureEvent, Verification};

/// The shortest hash `explain` compares with a prefix of the right one: 32 hex characters,
/// 128 bits. A shorter hash is `malformed_hash` whether it is right or not, so explain never
/// confirms part of a MAC that could be extended one character at a time.
pub const MIN_PREFIX_HEX: usize = HASH_HEX_LEN / 2;

/// The finding codes, declared once: `Finding::CODES` and every finding use these.
pub(crate) mod code {
    macro_rules! findings {
        ($($name:ident = $code:tt),+ $(,)?) => {
            $(pub const $name: &str = $code;)+
            pub const ALL: [&str; [$($code),+].len()] = [$($name),+];
        };
    }
    findings! {
        MISSING_HASH = "missing_hash",
        HASH_WHITESPACE = "hash_whitespace",
        VERIFIED = "verified",
        UPPERCASE_HASH = "uppercase_hash",
        OTHER_KEY = "other_key",
        RETIRED_KEY = "retired_key",
        TRUNCATED_HASH = "truncated_hash",
        MALFORMED_HASH = "malformed_hash",
        ID_WHITESPACE = "id_whitespace",
        ID_CASE = "id_case",
        ID_NUMBER_FORMAT = "id_number_format",
        EMAIL_INSTEAD_OF_ID = "email_instead_of_id",
        ID_INSTEAD_OF_EMAIL = "id_instead_of_email",
        SECRET_WHITESPACE = "secret_whitespace",
        SECRET_ENCODING = "secret_encoding",
        HEX_SECRET_NOT_DECODED = "hex_secret_not_decoded",
        HASH_INSTEAD_OF_JWT = "hash_instead_of_jwt",
        JWT_ALGORITHM = "jwt_algorithm",
        JWT_MALFORMED = "jwt_malformed",
        JWT_UNKNOWN_KID = "jwt_unknown_kid",
        JWT_MISSING_CLAIM = "jwt_missing_claim",
        JWT_EXP_IN_MILLISECONDS = "jwt_exp_in_milliseconds",
        JWT_EXPIRED = "jwt_expired",
        JWT_NOT_YET_VALID = "jwt_not_yet_valid",
        UNKNOWN = "unknown",
    }
}

/// What `explain` concluded: a stable `code` and a sentence for a developer. Neither ever
/// contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, one of [`Finding::CODES`].
    pub code: &'static str,
    /// What happened and what to do, in one or two sentences.
    pub message: String,
}

pub(crate) fn missing_hash() -> Finding {
    Finding::new(
        code::MISSING_HASH,
        "no hash was given: the page must send the hash with the id, and a blank hash is a \
         failed verification, never a reason to skip it"
            .into(),
    )
}

impl Finding {
    /// Every finding code, in the order they are tried.
    pub const CODES: &'static [&'static str] = &code::ALL;

    pub(crate) fn new(code: &'static str, message: String) -> Self {
        Finding { code, message }
    }
}

/// [`Keyring::explain`] for a single secret.
pub fn explain(
    secret: &Secret,
    user_id: impl AsRef<[u8]>,
    hash: impl AsRef<[u8]>,
    email: Option<&[u8]>,
) -> Result<Finding> {
    Keyring::new("default", secret)?.explain(user_id, hash, email)
}

impl Keyring {
    /// [`Keyring::explain_at`] at the current time.
    pub fn explain(
        &self,
        user_id: impl AsRef<[u8]>,
        hash: impl AsRef<[u8]>,
        email: Option<&[u8]>,
    ) -> Result<Finding> {
        self.explain_at(user_id, hash, email, unix_now())
    }

    /// Tells why `hash` does or does not verify for `user_id`, by trying the usual mistakes:
    /// whitespace or case in the id, a number formatted differently, the email hashed
    /// instead of the id (when `email` is given), a secret with a trailing newline or meant
    /// as hex/base64, an uppercase or truncated hash, another key of the keyring.
    ///
    /// A diagnosis that does not verify is a failed verification like any other: the
    /// failure hook sees it, so monitoring sees someone probing through explain.
    pub fn explain_at(
        &self,
        user_id: impl AsRef<[u8]>,
        hash: impl AsRef<[u8]>,
        email: Option<&[u8]>,
        now: i64,
    ) -> Result<Finding> {
        let (user_id, hash) = (user_id.as_ref(), hash.as_ref());
        let (finding, verification) =
            self.explain_hash(Preset::Generic.profile(), user_id, hash, email, now)?;
        self.report(verification, user_id, hash);
        Ok(finding)
    }

    /// [`Keyring::explain_at`] for a vendor profile's hash: for a profile that signs the
    /// email, `email` is what is hashed (required) and the finding `id_instead_of_email`
    /// names a hash of the id; for Pylon, whose secret is hex, `hex_secret_not_decoded`
    /// names a hash keyed with the hex text. Returns the failure event too (`None` when
    /// the hash verifies) and tells no hook. A JWT profile is `not_a_jwt_profile`'s
    /// opposite: use [`Keyring::explain_jwt_at`].
    pub fn explain_preset_at(
        &self,
        preset: Preset,
        user_id: &[u8],
        hash: &[u8],
        email: Option<&[u8]>,
        now: i64,
    ) -> Result<(Finding, Option<FailureEvent>)> {
        let profile = preset.profile();
        if profile.jwt.is_some() {
            return Err(crate::error::Error::FieldNotInPreset("hash", profile.name));
        }
        let (finding, verification) = self.explain_hash(profile, user_id, hash, email, now)?;
        let signed = match profile.signs {
            Subject::Id => user_id,
            Subject::Email => email.unwrap_or_default(),
        };
        Ok((finding, FailureEvent::new(&verification, signed, hash)))
    }

    /// The finding for a hash of `profile`, and the verification it started from.
    fn explain_hash(
        &self,
        profile: &Profile,
        user_id: &[u8],
        hash: &[u8],
        email: Option<&[u8]>,
        now: i64,
    ) -> Result<(Finding, Verification)> {
        let (signed, other) = match profile.signs {
            Subject::Id => (user_id, email),
            Subject::Email => {
                (email.ok_or(crate::error::Error::MissingEmail(profile.name))?, Some(user_id))
            }
        };
        let verification = self.check(signed, hash, now)?;
        let finding = self.diagnose(profile, &verification, signed, hash, other, now)?;
        Ok((finding, verification))
    }

    /// [`Keyring::explain_at`] without the failure hook: the finding and the failure event
    /// (`None` when the hash verifies), for a caller that reports failures itself.
    pub fn explain_with_event(
        &self,
        user_id: &[u8],
        hash: &[u8],
        email: Option<&[u8]>,
        now: i64,
    ) -> Result<(Finding, Option<FailureEvent>)> {
        let (finding, verification) =
            self.explain_hash(Preset::Generic.profile(), user_id, hash, email, now)?;
        Ok((finding, FailureEvent::new(&verification, user_id, hash)))
    }

    /// `other` is the user's other identifier: the email when the profile signs the id,
    /// the id when it signs the email.
    fn diagnose(
        &self,
        profile: &Profile,
        verification: &Verification,
        user_id: &[u8],
        hash: &[u8],
        other: Option<&[u8]>,
        now: i64,
    ) -> Result<Finding> {
        let given = match verification {
            Verification::Missing => return Ok(missing_hash()),
            _ if self.verifies_once_trimmed(user_id, hash, now)? => {
                return Ok(Finding::new(
                    code::HASH_WHITESPACE,
                    "the hash is right but has whitespace around it: send exactly the 64 \
                     characters"
                        .into(),
                ));
            }
            Verification::Verified { key_id } => return Ok(self.verified(profile, key_id, hash)),
            Verification::Expired { key_id } => {
                return Ok(Finding::new(
                    code::RETIRED_KEY,
                    format!(
                        "the hash was made with key {key_id:?}, which is past its not_after: \
                         sign with the primary key {:?}",
                        self.primary_id()
                    ),
                ));
            }
            Verification::Malformed { reason } => return Ok(self.malformed(user_id, hash, reason)),
            Verification::Mismatch => decode_hash(hash).expect("a mismatch is well-formed"),
        };
        if let Some(finding) = self.id_mistake(profile, user_id, other, &given)? {
            return Ok(finding);
        }
        if let Some(finding) = self.secret_mistake(profile, user_id, &given)? {
            return Ok(finding);
        }
        Ok(Finding::new(
            code::UNKNOWN,
            "no known mistake explains this hash: check that the server uses the same secret as \
             the vendor's dashboard and hashes exactly the id the page sends"
                .into(),
        ))
    }

    /// Whether the hash has whitespace around it and verifies without it.
    fn verifies_once_trimmed(&self, user_id: &[u8], hash: &[u8], now: i64) -> Result<bool> {
        let trimmed = hash.trim_ascii();
        Ok(trimmed.len() != hash.len() && self.check(user_id, trimmed, now)?.is_verified())
    }

    fn verified(&self, profile: &Profile, key_id: &str, hash: &[u8]) -> Finding {
        let key_is_hex_text = || {
            self.keys_with_secrets().any(|(id, secret, _)| {
                id == key_id
                    && secret.bytes().len() % 2 == 0
                    && secret.bytes().iter().all(u8::is_ascii_hexdigit)
            })
        };
        if profile.secret == SecretForm::Hex && key_is_hex_text() {
            return hex_not_decoded(profile, key_id);
        }
        if key_id != self.primary_id() {
            return Finding::new(
                code::OTHER_KEY,
                format!(
                    "the hash is right under key {key_id:?}, not the primary key {:?}: the page \
                     was signed with an older key",
                    self.primary_id()
                ),
            );
        }
        if hash.iter().any(u8::is_ascii_uppercase) {
            return Finding::new(
                code::UPPERCASE_HASH,
                "the hash is right but in uppercase: userhash accepts it, but send lowercase, \
                 as some widget vendors compare case-sensitively"
                    .into(),
            );
        }
        Finding::new(code::VERIFIED, "the hash is right for this id and secret".into())
    }

    fn malformed(&self, user_id: &[u8], hash: &[u8], reason: &'static str) -> Finding {
        if self.is_long_right_prefix(user_id, hash) {
            return Finding::new(
                code::TRUNCATED_HASH,
                format!(
                    "the hash is the first {} of the 64 characters of the right hash: it was \
                     cut short (a column or field too small?)",
                    hash.len()
                ),
            );
        }
        Finding::new(code::MALFORMED_HASH, format!("the hash is not 64 hex characters [{reason}]"))
    }

    /// Whether `hash` is a prefix of at least [`MIN_PREFIX_HEX`] characters of the right
    /// hash under some key, compared in constant time.
    fn is_long_right_prefix(&self, user_id: &[u8], hash: &[u8]) -> bool {
        let lower = hash.to_ascii_lowercase();
        (MIN_PREFIX_HEX..HASH_HEX_LEN).contains(&hash.len())
            && hash.iter().all(u8::is_ascii_hexdigit)
            && self.keys_with_secrets().any(|(_, _, signer)| {
                let mut full = [0u8; HASH_HEX_LEN];
                signer
                    .sign_into(user_id, &mut full)
                    .is_ok_and(|full| bool::from(full.as_bytes()[..lower.len()].ct_eq(&lower)))
            })
    }

    /// Whether any key signs `candidate_id` to `given`.
    fn any_key_signs(&self, candidate_id: &[u8], given: &[u8; 32]) -> Result<bool> {
        for (_, _, signer) in self.keys_with_secrets() {
            if macs_equal(&signer.sign_raw(candidate_id)?, given) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn id_mistake(
        &self,
        profile: &Profile,
        user_id: &[u8],
        other: Option<&[u8]>,
        given: &[u8; 32],
    ) -> Result<Option<Finding>> {
        let swapped = match profile.signs {
            Subject::Id => code::EMAIL_INSTEAD_OF_ID,
            Subject::Email => code::ID_INSTEAD_OF_EMAIL,
        };
        let tries: [(&'static str, Variants, &str); 4] = [
            (code::ID_WHITESPACE, whitespace_variants(user_id), "with whitespace added or removed"),
            (code::ID_CASE, case_variants(user_id), "in another letter case"),
            (
                code::ID_NUMBER_FORMAT,
                number_variants(user_id),
                "written as a different number format",
            ),
            (swapped, other.map(|e| Zeroizing::new(e.to_vec())).into_iter().collect(), ""),
        ];
        for (code, candidates, how) in tries {
            for candidate in candidates.iter().filter(|c| !c.is_empty()) {
                if self.any_key_signs(candidate, given)? {
                    let shown = String::from_utf8_lossy(candidate);
                    let message = match code {
                        code::EMAIL_INSTEAD_OF_ID => format!(
                            "the hash is of the email {shown:?}, not of the id: hash the id the \
                             page sends as the user id"
                        ),
                        code::ID_INSTEAD_OF_EMAIL => format!(
                            "the hash is of the id {shown:?}, not of the email: the {} profile \
                             signs the email exactly as the page sends it",
                            profile.name
                        ),
                        _ => format!(
                            "the hash is of the id {how}: {shown:?}. Hash exactly the id the page \
                             sends; userhash never trims, folds case or reformats numbers"
                        ),
                    };
                    return Ok(Some(Finding::new(code, message)));
                }
            }
        }
        Ok(None)
    }

    pub(crate) fn secret_mistake(
        &self,
        profile: &Profile,
        user_id: &[u8],
        given: &[u8; 32],
    ) -> Result<Option<Finding>> {
        for (key_id, secret, _) in self.keys_with_secrets() {
            let tries = [
                (
                    code::SECRET_WHITESPACE,
                    whitespace_variants(secret.bytes()),
                    "with whitespace around it (a newline from a file or env var?)",
                ),
                (
                    code::SECRET_ENCODING,
                    encoding_variants(secret.bytes()),
                    "decoded from or encoded to hex/base64",
                ),
            ];
            for (code, candidates, how) in tries {
                for candidate in &candidates {
                    let Ok(variant) = Signer::from_bytes(candidate) else {
                        continue;
                    };
                    if macs_equal(&variant.sign_raw(user_id)?, given) {
                        let hex_text = Zeroizing::new(hex::encode(secret.bytes()));
                        if profile.secret == SecretForm::Hex
                            && candidate.as_slice() == hex_text.as_bytes()
                        {
                            return Ok(Some(hex_not_decoded(profile, key_id)));
                        }
                        return Ok(Some(Finding::new(
                            code,
                            format!(
                                "the hash was made with the secret of key {key_id:?} {how}: use \
                                 the secret exactly as the vendor shows it"
                            ),
                        )));
                    }
                }
            }
        }
        Ok(None)
    }
}

fn hex_not_decoded(profile: &Profile, key_id: &str) -> Finding {
    Finding::new(
        code::HEX_SECRET_NOT_DECODED,
        format!(
            "the hash was made with the hex text of key {key_id:?}'s secret as the key, but the \
             {} profile decodes its secret from hex: read it with the profile (or from_hex)",
            profile.name
        ),
    )
}

/// Candidate byte strings; wiped on drop, since the secret's variants are candidates too.
type Variants = Vec<Zeroizing<Vec<u8>>>;

fn whitespace_variants(bytes: &[u8]) -> Variants {
    let mut out = vec![Zeroizing::new(bytes.trim_ascii().to_vec())];
    for (prefix, suffix) in [(&b""[..], &b"\n"[..]), (b"", b"\r\n"), (b"", b" "), (b" ", b"")] {
        out.push(Zeroizing::new([prefix, bytes, suffix].concat()));
    }
    out.retain(|v| v.as_slice() != bytes);
    out
}

fn case_variants(id: &[u8]) -> Variants {
    let Ok(text) = core::str::from_utf8(id) else {
        return Vec::new();
    };
    let mut out = vec![
        Zeroizing::new(text.to_lowercase().into_bytes()),
        Zeroizing::new(text.to_uppercase().into_bytes()),
    ];
    out.retain(|v| v.as_slice() != id);
    out
}

/// `42` ↔ `42.0`, `042`, `+42`: how numbers leak into ids through floats and formatting.
fn number_variants(id: &[u8]) -> Variants {
    let Ok(text) = core::str::from_utf8(id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Ok(n) = text.parse::<i128>() {
        out.push(n.to_string());
        out.push(format!("{n}.0"));
        out.push(format!("0{n}"));
    } else if let Some(whole) = text.strip_suffix(".0").and_then(|w| w.parse::<i128>().ok()) {
        out.push(whole.to_string());
    }
    let mut out: Variants = out.into_iter().map(|text| Zeroizing::new(text.into_bytes())).collect();
    out.retain(|v| v.as_slice() != id);
    out
}

fn encoding_variants(secret: &[u8]) -> Variants {
    let mut out = vec![Zeroizing::new(hex::encode(secret).into_bytes())];
    out.extend(hex::decode(secret).ok().map(Zeroizing::new));
    out.extend(STANDARD_PAD_INDIFFERENT.decode(secret).ok().map(Zeroizing::new));
    out.extend(URL_SAFE_PAD_INDIFFERENT.decode(secret).ok().map(Zeroizing::new));
    out
}
