//! Unix-second timestamps: the one rule for every time a caller gives us, and the clock.

use crate::error::{Error, Result};

/// The first value refused as a timestamp: 10^11 seconds is the year 5138, so a value this
/// large is a millisecond count (`Date.now()` is about 1.8 × 10^12 today).
pub const MILLISECONDS_FROM: i64 = 100_000_000_000;

/// Checks a timestamp given by a caller (a key window, a token expiry, a creation time):
/// whole Unix seconds from 0 up to, not including, [`MILLISECONDS_FROM`]. `what` names the
/// value in the error.
pub fn check_unix_seconds(value: i64, what: &'static str) -> Result<i64> {
    if value < 0 {
        Err(Error::InvalidTimestamp(what))
    } else if value >= MILLISECONDS_FROM {
        Err(Error::TimestampInMilliseconds(what))
    } else {
        Ok(value)
    }
}

/// Checks a duration given by a caller (a token's ttl, a verification's leeway): whole
/// seconds, not negative. `what` names the value in the error.
pub fn check_duration(value: i64, what: &'static str) -> Result<u64> {
    u64::try_from(value).map_err(|_| Error::InvalidTimestamp(what))
}

/// The current Unix time in seconds.
pub fn unix_now() -> i64 {
    let since_epoch =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_accepted_from_zero_to_just_below_the_millisecond_range() {
        for ok in [0, 1, 1_767_225_600, MILLISECONDS_FROM - 1] {
            assert_eq!(check_unix_seconds(ok, "t"), Ok(ok));
        }
    }

    #[test]
    fn negatives_and_milliseconds_are_refused_with_their_own_codes() {
        for negative in [-1, i64::MIN] {
            assert_eq!(check_unix_seconds(negative, "t").unwrap_err().code(), "invalid_timestamp");
        }
        for millis in [MILLISECONDS_FROM, 1_767_225_600_000, i64::MAX] {
            let err = check_unix_seconds(millis, "t").unwrap_err();
            assert_eq!(err.code(), "timestamp_in_milliseconds");
            assert!(err.to_string().contains("seconds, not milliseconds"), "{err}");
        }
    }

    #[test]
    fn the_clock_reads_the_present_in_seconds() {
        // 2026-01-01 and the millisecond bound: a clock stuck at 0 or reading milliseconds
        // fails here.
        let now = unix_now();
        assert!((1_767_225_600..MILLISECONDS_FROM).contains(&now), "{now}");
    }
}
