//! dudect-style timing test of `Signer::verify` (run by `scripts/ct-verify`).
//!
//! For each pair of input classes, calls are timed in randomly interleaved order and
//! Welch's t-statistic compares the two timing distributions, raw and with the slowest
//! samples cropped (dudect's way to drop interrupts). |t| below 4.5 is no evidence of a
//! timing difference; dudect calls |t| above 10 a leak. A deliberately leaky early-exit
//! comparison runs as a control, to show the test can see a leak of one byte position.

use std::hint::black_box;
use std::time::Instant;

use userhash::{Secret, Signer};

/// Calls per timed sample: one call is too short for the clock's resolution.
const BATCH: usize = 8;

/// xorshift64*: deterministic class choice without a dependency.
struct Rng(u64);

impl Rng {
    fn coin(&mut self) -> bool {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 63 == 1
    }
}

fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var =
        |v: &[f64], m: f64| v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
    let (ma, mb) = (mean(a), mean(b));
    (ma - mb) / (var(a, ma) / a.len() as f64 + var(b, mb) / b.len() as f64).sqrt()
}

/// Keeps the samples below the given percentile of both classes together.
fn cropped(a: &[f64], b: &[f64], percentile: f64) -> (Vec<f64>, Vec<f64>) {
    let mut all: Vec<f64> = a.iter().chain(b).copied().collect();
    all.sort_by(f64::total_cmp);
    let limit = all[((all.len() - 1) as f64 * percentile) as usize];
    let keep = |v: &[f64]| v.iter().copied().filter(|&x| x <= limit).collect();
    (keep(a), keep(b))
}

/// Times `op` on the two inputs in random order. Both classes go through the same code;
/// only the data differs.
fn run<T>(name: &str, samples: usize, inputs: [T; 2], op: impl Fn(&T)) {
    let mut times: [Vec<f64>; 2] = [Vec::with_capacity(samples), Vec::with_capacity(samples)];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..samples * 2 {
        let class = usize::from(rng.coin());
        let input = &inputs[class];
        let start = Instant::now();
        for _ in 0..BATCH {
            op(black_box(input));
        }
        times[class].push(start.elapsed().as_nanos() as f64 / BATCH as f64);
    }
    let [a, b] = &times;
    let raw = welch_t(a, b);
    let (ca, cb) = cropped(a, b, 0.9);
    let crop = welch_t(&ca, &cb);
    println!(
        "| {name} | {} / {} | {raw:+.2} | {crop:+.2} | {} |",
        a.len(),
        b.len(),
        if raw.abs().max(crop.abs()) < 4.5 {
            "no evidence of a difference"
        } else {
            "DIFFERENT"
        }
    );
}

/// What `verify` would be with `==`-style early exit: the control the test must catch.
fn leaky_equal(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if black_box(x) != black_box(y) {
            return false;
        }
    }
    true
}

fn main() {
    let samples: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let signer = &Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let good = signer.sign("user123").unwrap();
    let flip = |i: usize| {
        let mut h = good.clone().into_bytes();
        h[i] = if h[i] == b'0' { b'1' } else { b'0' };
        String::from_utf8(h).unwrap()
    };
    let (first, last) = (flip(0), flip(63));
    let verify = |hash: &String| {
        black_box(signer.verify(black_box("user123"), hash).unwrap());
    };

    println!("| classes compared | samples (a / b) | t (raw) | t (90% crop) | verdict |");
    println!("|---|---:|---:|---:|---|");
    run(
        "verify: first vs last hex digit wrong",
        samples,
        [first.clone(), last.clone()],
        verify,
    );
    run(
        "verify: valid vs first digit wrong",
        samples,
        [good.clone(), first],
        verify,
    );
    run(
        "verify: valid vs last digit wrong",
        samples,
        [good, last],
        verify,
    );
    let mut early = vec![0u8; 4096];
    early[0] = 1;
    let mut late = vec![0u8; 4096];
    late[4095] = 1;
    let zeros = vec![0u8; 4096];
    run(
        "CONTROL leaky ==: 4 KiB differing first vs last byte",
        samples / 10,
        [early, late],
        |v| {
            black_box(leaky_equal(&zeros, v));
        },
    );
}
