//! dudect-style timing test of `Signer::verify` (run by `scripts/ct-verify`).
//!
//! For each pair of input classes, batches of calls are timed with the CPU's cycle counter
//! in randomly interleaved order, and Welch's t-statistic compares the two distributions.
//! |t| below 4.5 is no evidence of a timing difference; dudect calls |t| above 10 a leak.
//! Two kinds of control calibrate it: A/A pairs (the same input in both classes) show the
//! noise floor, and a deliberately leaky early-exit comparison of 32 bytes, the size of a
//! hash, shows that the test sees a leak of one byte position.
//!
//! dudect also crops the slowest samples. Here cropping made even the A/A pairs look
//! different (|t| up to 21 on identical inputs), so only the uncropped statistic is used.

use std::hint::black_box;

use userhash::{Secret, Signer};

/// A hash on its own cache line, so both classes have the same memory layout and only
/// their content differs (a heap string may straddle two lines, which shows up as a
/// difference that has nothing to do with the comparison).
#[repr(C, align(64))]
struct Aligned([u8; 64]);

impl Aligned {
    fn new(hash: &str) -> Self {
        Aligned(hash.as_bytes().try_into().expect("64 hex characters"))
    }
}

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

/// The CPU's time-stamp counter: far finer than the OS clock, as dudect uses.
#[cfg(target_arch = "x86_64")]
fn cycles() -> u64 {
    // SAFETY: RDTSC has no preconditions on x86_64.
    unsafe { core::arch::x86_64::_rdtsc() }
}

/// Elsewhere, nanoseconds since the first call.
#[cfg(not(target_arch = "x86_64"))]
fn cycles() -> u64 {
    use std::time::Instant;
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Times `op` on the two inputs in random order. Both classes go through the same code;
/// only the data differs.
fn run<T>(name: &str, samples: usize, inputs: [T; 2], op: impl Fn(&T)) {
    let mut times: [Vec<f64>; 2] = [Vec::with_capacity(samples), Vec::with_capacity(samples)];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..samples * 2 {
        let class = usize::from(rng.coin());
        let input = &inputs[class];
        let start = cycles();
        for _ in 0..BATCH {
            op(black_box(input));
        }
        times[class].push((cycles() - start) as f64 / BATCH as f64);
    }
    let [a, b] = &times;
    let t = welch_t(a, b);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let verdict = if t.abs() < 4.5 { "no evidence of a difference" } else { "DIFFERENT" };
    println!(
        "| {name} | {} / {} | {:.1} / {:.1} | {t:+.2} | {verdict} |",
        a.len(),
        b.len(),
        mean(a),
        mean(b),
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
    let samples: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1_000_000);
    let signer = &Signer::new(&Secret::from_text("your_secret_key").unwrap());
    let good = signer.sign("user123").unwrap();
    let flip = |i: usize| {
        let mut h = Aligned::new(&good);
        h.0[i] = if h.0[i] == b'0' { b'1' } else { b'0' };
        h
    };
    let valid = || Aligned::new(&good);
    let verify = |hash: &Aligned| {
        black_box(signer.verify(black_box("user123"), hash.0.as_slice()).unwrap());
    };

    println!(
        "| classes compared | samples (a / b) | mean cycles per call (a / b) | Welch t | verdict |"
    );
    println!("|---|---:|---:|---:|---|");
    run("verify: first vs last hex digit wrong", samples, [flip(0), flip(63)], verify);
    run("verify: valid vs first digit wrong", samples, [valid(), flip(0)], verify);
    run("verify: valid vs last digit wrong", samples, [valid(), flip(63)], verify);
    run("A/A control: first digit wrong, twice", samples, [flip(0), flip(0)], verify);
    run("A/A control: valid, twice", samples, [valid(), valid()], verify);
    let mut early = [0u8; 32];
    early[0] = 1;
    let mut late = [0u8; 32];
    late[31] = 1;
    let zeros = [0u8; 32];
    run(
        "leak control: early-exit == on 32 bytes, first vs last byte differs",
        samples,
        [early, late],
        |v| {
            black_box(leaky_equal(&zeros, v));
        },
    );
}
