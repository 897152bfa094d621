//! The `userhash` binary end to end: vectors through stdin and argv, exit codes, errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const SEED_HASH_SOURCE: &str = "tests/vectors/vectors.json";

fn userhash() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_userhash"));
    cmd.env_remove("USERHASH_SECRET");
    cmd
}

fn run(mut cmd: Command, stdin: &[u8]) -> Output {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn userhash");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || pipe.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn vectors() -> Value {
    let path = format!("{}/../../{SEED_HASH_SOURCE}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn str_field<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key].as_str().unwrap()
}

fn secret_file(dir: &std::path::Path, name: &str, content: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("userhash-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every vector whose id survives line splitting, streamed through `sign -`, grouped by
/// secret and read from a hex secret file (so binary secrets work too).
#[test]
fn every_line_safe_vector_through_stdin() {
    let dir = temp_dir("stdin");
    let doc = vectors();
    let mut by_secret: std::collections::BTreeMap<String, Vec<&Value>> = Default::default();
    for case in doc["sign"].as_array().unwrap() {
        let id = hex::decode(str_field(case, "user_id_hex")).unwrap();
        if !id.contains(&b'\n') && !id.ends_with(b"\r") {
            by_secret.entry(str_field(case, "secret_hex").to_owned()).or_default().push(case);
        }
    }
    let mut checked = 0;
    for (i, (secret_hex, cases)) in by_secret.iter().enumerate() {
        let file = secret_file(&dir, &format!("s{i}"), secret_hex.as_bytes());
        let mut input = Vec::new();
        for case in cases {
            input.extend(hex::decode(str_field(case, "user_id_hex")).unwrap());
            input.push(b'\n');
        }
        let mut cmd = userhash();
        cmd.args(["sign", "--secret-encoding", "hex", "--secret-file"]).arg(&file).arg("-");
        let out = run(cmd, &input);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        let expected: Vec<&str> = cases.iter().map(|c| str_field(c, "hash")).collect();
        assert_eq!(lines, expected);
        checked += cases.len();
    }
    assert!(checked > 60, "only {checked} cases went through stdin");
}

#[test]
fn text_ids_as_arguments_keep_their_order() {
    let doc = vectors();
    let cases: Vec<&Value> = doc["sign"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("secret_text").and_then(Value::as_str) == Some("your_secret_key"))
        .filter(|c| c.get("user_id_text").is_some() && !str_field(c, "user_id_text").contains('\0'))
        .collect();
    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "your_secret_key").args(["sign", "--"]);
    cmd.args(cases.iter().map(|c| str_field(c, "user_id_text")));
    let out = run(cmd, b"");
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines, cases.iter().map(|c| str_field(c, "hash")).collect::<Vec<_>>());
}

#[test]
fn verify_exit_codes_follow_the_verify_vectors() {
    for case in vectors()["verify"].as_array().unwrap() {
        let mut cmd = userhash();
        cmd.env("MY_KEY", str_field(case, "secret_text"));
        cmd.args(["verify", "--secret-env", "MY_KEY", str_field(case, "user_id_text")]);
        cmd.arg(str_field(case, "hash"));
        let out = run(cmd, b"");
        let expected = if case["valid"].as_bool().unwrap() { 0 } else { 1 };
        assert_eq!(out.status.code(), Some(expected), "{}", case["name"]);
    }
}

#[test]
fn malformed_hash_is_invalid_with_its_code() {
    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "k").args(["verify", "user123", "xyz"]);
    let out = run(cmd, b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "malformed [hash_wrong_length]\n");
}

fn error_of(mut cmd: Command, stdin: &[u8]) -> String {
    cmd.stdin(Stdio::piped());
    let out = run(cmd, stdin);
    assert_eq!(out.status.code(), Some(2), "expected exit status 2");
    assert!(out.stdout.is_empty() || !stdin.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn bad_input_gives_one_clear_line_with_its_code() {
    let dir = temp_dir("errors");
    let mut cmd = userhash();
    cmd.args(["sign", "u"]);
    let err = error_of(cmd, b"");
    assert!(err.contains("USERHASH_SECRET") && err.contains("[missing_env]"), "{err}");
    assert_eq!(err.lines().count(), 1);

    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "").args(["sign", "u"]);
    assert!(error_of(cmd, b"").contains("[empty_secret]"));

    let file = secret_file(&dir, "newline", b"hunter2-secret\n");
    let mut cmd = userhash();
    cmd.arg("sign").arg("--secret-file").arg(&file).arg("u");
    let err = error_of(cmd, b"");
    assert!(err.contains("[secret_whitespace]") && !err.contains("hunter2"), "{err}");

    let file = secret_file(&dir, "badhex", b"abc");
    let mut cmd = userhash();
    cmd.args(["sign", "--secret-encoding", "hex", "--secret-file"]).arg(&file).arg("u");
    assert!(error_of(cmd, b"").contains("[invalid_secret_hex]"));

    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "k").args(["sign", ""]);
    assert!(error_of(cmd, b"").contains("[empty_user_id]"));

    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "k").args(["sign", "-"]);
    assert!(
        error_of(cmd, b"a\n\nb\n").contains("stdin line 2: the user id is empty [empty_user_id]")
    );

    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "k").args(["sign", "--secret", "k", "u"]);
    assert!(error_of(cmd, b"").contains("--secret"));
}

#[test]
fn help_explains_why_the_secret_is_not_an_argument() {
    let out = run(
        {
            let mut c = userhash();
            c.arg("--help");
            c
        },
        b"",
    );
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("never from an argument") && help.contains("visible to every local user")
    );
}

#[test]
fn keygen_output_is_accepted_by_secret_file() {
    let dir = temp_dir("keygen");
    let out = run(
        {
            let mut c = userhash();
            c.arg("keygen");
            c
        },
        b"",
    );
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 64, "no newline when piped");
    let file = secret_file(&dir, "generated", &out.stdout);
    let mut cmd = userhash();
    cmd.arg("sign").arg("--secret-file").arg(&file).arg("user123");
    let signed = run(cmd, b"");
    assert!(signed.status.success());
    let hash = String::from_utf8(signed.stdout).unwrap();
    assert_eq!(hash.trim_end().len(), 64);
}

fn hex_secret_cmd(dir: &std::path::Path, secret_hex: &str, args: &[&str]) -> Command {
    let file = secret_file(dir, &format!("{secret_hex:.16}"), secret_hex.as_bytes());
    let mut cmd = userhash();
    cmd.arg(args[0]).args(["--secret-encoding", "hex", "--secret-file"]).arg(file);
    cmd.args(&args[1..]);
    cmd
}

#[test]
fn token_vectors_through_token_and_verify_token() {
    let dir = temp_dir("tokens");
    let doc = vectors();
    for case in doc["token"]["cases"].as_array().unwrap() {
        let Some(id) = case.get("user_id_text").and_then(Value::as_str) else {
            continue;
        };
        if id.contains('\0') {
            continue;
        }
        let secret_hex = str_field(case, "secret_hex");
        let expires_at = str_field(case, "expires_at");
        let cmd =
            hex_secret_cmd(&dir, secret_hex, &["token", "--expires-at", expires_at, "--", id]);
        let out = run(cmd, b"");
        assert_eq!(String::from_utf8(out.stdout).unwrap().trim_end(), str_field(case, "token"));
        for check in case["checks"].as_array().unwrap() {
            let leeway = check["leeway"].to_string();
            let args = ["verify-token", "--now", str_field(check, "now"), "--leeway", &leeway];
            let mut cmd = hex_secret_cmd(&dir, secret_hex, &args);
            cmd.args(["--", id, str_field(case, "token")]);
            let out = run(cmd, b"");
            let outcome = str_field(check, "outcome");
            assert!(String::from_utf8(out.stdout).unwrap().starts_with(outcome));
            assert_eq!(out.status.code(), Some(if outcome == "verified" { 0 } else { 1 }));
        }
    }
}

#[test]
fn verify_during_a_rotation_names_the_key() {
    let old_hash = {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", "old-secret").args(["sign", "user123"]);
        String::from_utf8(run(cmd, b"").stdout).unwrap().trim_end().to_owned()
    };
    let verify = |not_after: &str| {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", "new-secret").env("OLD", "old-secret");
        cmd.args(["verify", "--previous-secret-env", "OLD", "--previous-not-after", not_after]);
        cmd.args(["user123", &old_hash]);
        let out = run(cmd, b"");
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(verify("99999999999"), (Some(0), "verified (key previous)\n".into()));
    assert_eq!(verify("1"), (Some(1), "expired (key previous)\n".into()));
}

#[test]
fn explain_names_the_mistake_without_the_secret() {
    let hash_of = |secret: &str, id: &str| {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", secret).args(["sign", "--", id]);
        String::from_utf8(run(cmd, b"").stdout).unwrap().trim_end().to_owned()
    };
    let dir = temp_dir("explain");
    let with_newline = secret_file(&dir, "raw", b"736563726574310a");
    let mut cmd = userhash();
    cmd.args(["sign", "--secret-encoding", "hex", "--secret-file"]).arg(&with_newline).arg("u1");
    let newline_hash = String::from_utf8(run(cmd, b"").stdout).unwrap().trim_end().to_owned();
    for (id, hash, code, status) in [
        ("u1", hash_of("secret1", "u1"), "verified", 0),
        ("u1", hash_of("secret1", "U1"), "id_case", 1),
        ("u1", newline_hash, "secret_whitespace", 1),
        ("u1", String::new(), "missing_hash", 1),
    ] {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", "secret1").args(["explain", id, &hash]);
        let out = run(cmd, b"");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("{code}: ")), "{text}");
        assert!(!text.contains("secret1"), "{text}");
        assert_eq!(out.status.code(), Some(status));
    }
}

/// The snippet arguments for a widget vector, or None when it has non-text metadata
/// (the CLI's --meta takes text only).
fn snippet_args(case: &Value) -> Option<Vec<String>> {
    let mut args = vec!["snippet".into(), "--preset".into(), str_field(case, "preset").into()];
    args.extend(["--app-id".into(), str_field(case, "app_id").into()]);
    for (key, flag) in [("global", "--global"), ("nonce", "--nonce")] {
        if let Some(v) = case.get(key).and_then(Value::as_str) {
            args.extend([flag.into(), v.into()]);
        }
    }
    let Some(user) = case["user"].as_object() else {
        args.push("--anonymous".into());
        return Some(args);
    };
    for (key, value) in user {
        match (key.as_str(), value) {
            ("metadata", Value::Object(entries)) => {
                for (k, v) in entries {
                    args.extend(["--meta".into(), format!("{k}={}", v.as_str()?)]);
                }
            }
            (_, Value::String(s)) => {
                args.extend([format!("--{}", key.replace('_', "-")), s.clone()])
            }
            (_, Value::Number(n)) => {
                args.extend([format!("--{}", key.replace('_', "-")), n.to_string()])
            }
            _ => return None,
        }
    }
    Some(args.into_iter().map(|a| if a == "--id" { "--user-id".into() } else { a }).collect())
}

#[test]
fn snippet_vectors_through_the_cli() {
    let doc = vectors();
    let mut checked = 0;
    for case in doc["widget"]["cases"].as_array().unwrap() {
        let Some(args) = snippet_args(case) else {
            continue;
        };
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", str_field(case, "secret_text")).args(&args);
        let out = run(cmd, b"");
        assert!(out.status.success(), "{}: {}", case["name"], String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{}\n", str_field(case, "script"))
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} snippet cases ran");
    for case in doc["widget"]["errors"].as_array().unwrap() {
        let Some(args) = snippet_args(case) else {
            continue;
        };
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", str_field(case, "secret_text")).args(&args);
        let err = error_of(cmd, b"");
        assert!(
            err.contains(&format!("[{}]", str_field(case, "error"))),
            "{}: {err}",
            case["name"]
        );
    }
}

#[test]
fn snippet_refuses_a_metadata_key_given_twice() {
    let mut cmd = userhash();
    cmd.env("USERHASH_SECRET", "your_secret_key").args([
        "snippet",
        "--preset",
        "hal",
        "--app-id",
        "app",
        "--user-id",
        "u",
        "--meta",
        "a=1",
        "--meta",
        "a=2",
    ]);
    let err = error_of(cmd, b"");
    assert!(err.contains("[invalid_metadata]"), "{err}");
    assert!(err.contains("twice"), "{err}");
}

#[test]
fn vendor_snippet_vectors_through_the_cli() {
    let doc = vectors();
    for case in doc["vendors"]["cases"].as_array().unwrap() {
        let mut args = snippet_args(case).unwrap();
        args.extend(["--now".into(), case["now"].to_string()]);
        if let Some(ttl) = case.get("ttl") {
            args.extend(["--ttl".into(), ttl.to_string()]);
        }
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", str_field(case, "secret_text")).args(&args);
        let out = run(cmd, b"");
        assert!(out.status.success(), "{}: {}", case["name"], String::from_utf8_lossy(&out.stderr));
        let expected = format!("{}\n", str_field(case, "script"));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{}", case["name"]);
    }
}

/// `jwt issue` gives PyJWT's bytes; `jwt verify` gives each vector's outcome and exit code.
#[test]
fn jwt_vectors_through_issue_and_verify() {
    let doc = vectors();
    for case in doc["jwt"]["issue"].as_array().unwrap() {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", str_field(case, "secret_text"));
        cmd.args(["jwt", "issue", "--preset", str_field(case, "preset")]);
        cmd.args(["--key-id", str_field(case, "key_id"), "--now", &case["iat"].to_string()]);
        if let Some(exp) = case["exp"].as_i64() {
            cmd.args(["--expires-at", &exp.to_string()]);
        }
        for (key, value) in case["user"].as_object().unwrap() {
            let flag = if key == "id" {
                "--user-id".into()
            } else {
                format!("--{}", key.replace('_', "-"))
            };
            cmd.args([flag, value.as_str().unwrap().to_owned()]);
        }
        let out = run(cmd, b"");
        assert!(out.status.success(), "{}: {}", case["name"], String::from_utf8_lossy(&out.stderr));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{}\n", case["token"].as_str().unwrap())
        );
    }
    for case in doc["jwt"]["verify"].as_array().unwrap() {
        let keys = case["keys"].as_array().unwrap();
        let token = str_field(case, "token");
        // Two keys: the current one under its id, the old one as the previous secret.
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", str_field(&keys[0], "secret_text"));
        cmd.env("OLD_SECRET", str_field(&keys[1], "secret_text"));
        cmd.args([
            "jwt",
            "verify",
            "--preset",
            str_field(case, "preset"),
            "--key-id",
            str_field(&keys[0], "id"),
        ]);
        cmd.args([
            "--previous-secret-env",
            "OLD_SECRET",
            "--previous-not-after",
            &keys[1]["not_after"].to_string(),
        ]);
        cmd.args([
            "--now",
            &case["now"].to_string(),
            "--leeway",
            &case["leeway"].to_string(),
            "--",
            token,
        ]);
        let out = run(cmd, b"");
        let first_line =
            String::from_utf8(out.stdout).unwrap().lines().next().unwrap_or_default().to_owned();
        let key_id = case["key_id"].as_str().map(|id| if id == "old" { "previous" } else { id });
        let mut expected = case["outcome"].as_str().unwrap().to_owned();
        if let Some(reason) = case["reason"].as_str() {
            expected += &format!(" [{reason}]");
        }
        if let Some(key_id) = key_id {
            expected += &format!(" (key {key_id})");
        }
        assert_eq!(first_line, expected, "{}", case["name"]);
        assert_eq!(
            out.status.code(),
            Some(if case["outcome"] == "verified" { 0 } else { 1 }),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn presets_lists_every_profile_from_the_contract() {
    let out = run(
        {
            let mut cmd = userhash();
            cmd.arg("presets");
            cmd
        },
        b"",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let contract: Value = serde_json::from_str(include_str!("../../../contract.json")).unwrap();
    let names: Vec<&str> =
        text.lines().map(|line| line.split_whitespace().next().unwrap()).collect();
    let expected: Vec<&str> = contract["presets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected);
    assert!(
        text.contains("pylon         signs email secret hex  hash https://docs.usepylon.com/"),
        "{text}"
    );
}

/// A malformed email fails the snippet, unless --drop-invalid-fields leaves it out and says so.
#[test]
fn snippet_drops_an_invalid_field_on_request() {
    let args = ["snippet", "--preset", "tau", "--app-id", "app", "--user-id", "user123"];
    let with_email = |extra: &[&str]| {
        let mut cmd = userhash();
        cmd.env("USERHASH_SECRET", "your_secret_key").args(args).args(["--email", "not an email"]);
        cmd.args(extra);
        run(cmd, b"")
    };
    let refused = with_email(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("[invalid_email]"));

    let dropped = with_email(&["--drop-invalid-fields", "--json"]);
    let (stdout, stderr) =
        (String::from_utf8(dropped.stdout).unwrap(), String::from_utf8(dropped.stderr).unwrap());
    assert!(dropped.status.success(), "{stderr}");
    // The seeds' own example hash of user123 under your_secret_key.
    assert!(
        stdout.contains("988eb0ea39d60e4c03569823e9a652b7ddd859ff5d027bbdf4cc02f0f2ca6221"),
        "{stdout}"
    );
    assert!(!stdout.contains("email"), "{stdout}");
    assert!(stderr.starts_with("userhash: left out email: "), "{stderr}");
    assert!(!stderr.contains("not an email"), "{stderr}");
}
