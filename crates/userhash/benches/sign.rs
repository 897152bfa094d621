//! Core benchmark: prints `row` lines for scripts/bench (see scripts/bench_report.py).
//!
//! A plain harness instead of criterion: every case is timed in R repeats of N calls, and
//! the median ns/call and half the min–max spread are reported. The floor is two SHA-256
//! compressions, the least work any HMAC-SHA256 of a ≤ 55-byte message can do once the
//! keyed states are precomputed.

use std::hint::black_box;
use std::time::Instant;

use sha2::block_api::compress256;
use userhash::{Keyring, Preset, Secret, Signer, WidgetUser};

const REPEATS: usize = 15;
const CALLS: usize = 200_000;

fn measure(call: impl FnMut()) -> (f64, f64) {
    measure_n(CALLS, call)
}

fn measure_n(calls: usize, mut call: impl FnMut()) -> (f64, f64) {
    for _ in 0..calls / 10 {
        call();
    }
    let mut per_call: Vec<f64> = (0..REPEATS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                call();
            }
            start.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    (per_call[REPEATS / 2], (per_call[REPEATS - 1] - per_call[0]) / 2.0)
}

fn row(operation: &str, id_bytes: usize, (median, spread): (f64, f64)) {
    println!("row\trust\t{operation}\t{id_bytes}\t{median:.1}\t{spread:.1}");
}

fn main() {
    let secret = Secret::from_text("your_secret_key").unwrap();
    let signer = Signer::new(&secret);

    let mut state = [0u32; 8];
    let block = [0x5au8; 64];
    row(
        "floor_2_sha256_compressions",
        7,
        measure(|| {
            compress256(black_box(&mut state), &[block]);
            compress256(black_box(&mut state), &[block]);
        }),
    );

    for id_bytes in [7, 256] {
        let id = vec![b'u'; id_bytes];
        let hash = signer.sign(&id).unwrap();
        let mut out = [0u8; 64];
        row(
            "sign_keyed_into",
            id_bytes,
            measure(|| {
                black_box(signer.sign_into(black_box(&id), &mut out).unwrap());
            }),
        );
        row(
            "sign_keyed_raw",
            id_bytes,
            measure(|| {
                black_box(signer.sign_raw(black_box(&id)).unwrap());
            }),
        );
        row(
            "sign_keyed",
            id_bytes,
            measure(|| {
                black_box(signer.sign(black_box(&id)).unwrap());
            }),
        );
        row(
            "sign_oneshot",
            id_bytes,
            measure(|| {
                black_box(userhash::sign(black_box(&secret), black_box(&id)).unwrap());
            }),
        );
        row(
            "verify",
            id_bytes,
            measure(|| {
                black_box(signer.verify(black_box(&id), black_box(&hash)).unwrap());
            }),
        );
        let ids: Vec<Vec<u8>> = (0..1000).map(|_| id.clone()).collect();
        let (median, spread) = measure_n(CALLS / 1000, || {
            black_box(signer.sign_many(black_box(&ids)).unwrap());
        });
        // One call signs 1000 ids: report per item.
        row("sign_many_item", id_bytes, (median / 1000.0, spread / 1000.0));
    }

    // The JWT every language's bench issues and verifies (scripts/bench_report.py).
    let keyring = Keyring::new("current", &secret).unwrap();
    let user = WidgetUser {
        id: "user123".into(),
        email: Some("jo@example.com".into()),
        name: Some("Jo Smith".into()),
        ..WidgetUser::default()
    };
    let (iat, exp) = (1_767_225_600, 1_767_229_200);
    let token = keyring.issue_jwt_at(Preset::IntercomJwt, &user, iat, Some(exp)).unwrap();
    row(
        "jwt_issue",
        0,
        measure_n(CALLS / 10, || {
            black_box(
                keyring
                    .issue_jwt_at(Preset::IntercomJwt, black_box(&user), iat, Some(exp))
                    .unwrap(),
            );
        }),
    );
    row(
        "jwt_verify",
        0,
        measure_n(CALLS / 10, || {
            black_box(
                keyring
                    .check_jwt(Preset::IntercomJwt, black_box(token.as_bytes()), iat, 0)
                    .unwrap(),
            );
        }),
    );
}
