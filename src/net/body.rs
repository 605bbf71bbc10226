//! Reading a response body under a size cap and a deadline, without trusting `Content-Length`:
//! the cap is checked as bytes arrive, so a server that lies about the length or sends an
//! endless stream costs at most `max_bytes` of memory.

use std::io::{self, Read};
use std::time::Instant;

const CHUNK: usize = 64 * 1024;

#[derive(Debug)]
pub enum BodyError {
    TooLarge,
    TimedOut,
    Io(io::Error),
}

/// Reads `reader` to the end. Fails as soon as more than `max_bytes` have arrived, or when
/// `deadline` passes between two reads (a server dripping one byte at a time is still bounded).
pub fn read_capped(
    reader: &mut impl Read,
    max_bytes: u64,
    deadline: Instant,
) -> Result<Vec<u8>, BodyError> {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        if Instant::now() >= deadline {
            return Err(BodyError::TimedOut);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if is_timeout(&e) => return Err(BodyError::TimedOut),
            Err(e) => return Err(BodyError::Io(e)),
        };
        if (bytes.len() + n) as u64 > max_bytes {
            return Err(BodyError::TooLarge);
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// reqwest reports a body read that timed out as an `io::Error` wrapping its own error.
fn is_timeout(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::TimedOut
        || error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(60)
    }

    #[test]
    fn reads_up_to_the_cap_exactly() {
        let data = vec![7u8; 200_000];
        let got = read_capped(&mut data.as_slice(), 200_000, later()).unwrap();
        assert_eq!(got, data);
    }

    #[test]
    fn one_byte_over_the_cap_fails() {
        let data = vec![7u8; 200_001];
        let err = read_capped(&mut data.as_slice(), 200_000, later()).unwrap_err();
        assert!(matches!(err, BodyError::TooLarge), "{err:?}");
    }

    #[test]
    fn an_endless_stream_stops_at_the_cap() {
        let mut endless = io::repeat(b'x');
        let err = read_capped(&mut endless, 1_000_000, later()).unwrap_err();
        assert!(matches!(err, BodyError::TooLarge), "{err:?}");
    }

    #[test]
    fn a_passed_deadline_stops_the_read() {
        let mut endless = io::repeat(b'x');
        let err = read_capped(&mut endless, u64::MAX, Instant::now()).unwrap_err();
        assert!(matches!(err, BodyError::TimedOut), "{err:?}");
    }
}
