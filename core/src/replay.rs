//! The replay cache: a non-interactive presentation (a QR code) is accepted once per verifier.
//!
//! A QR presentation carries no verifier challenge, so a photo of it would verify again until
//! it goes stale. The cache remembers each accepted one until its [`fresh_until`] time and
//! refuses a second use with [`Error::Replayed`]. Interactive presentations need no cache: the
//! verifier's nonce already makes each one single-use.
//!
//! * **Key**: the first 8 bytes of SHA-256 over the device signature. Ed25519 signatures are
//!   deterministic, so a byte-identical replay has the same key, and two different presentations
//!   collide with probability 2^-64 per pair.
//! * **O(1)**: a hash set (hashbrown, keyed with a caller-supplied seed so that nobody can
//!   predict bucket positions) plus a queue in insertion order.
//! * **Bounded memory, and when entries leave**: entries leave once their window has passed
//!   (checked at the front of the queue on every insertion). At the hard cap the oldest entry
//!   leaves even if its window is still open, and the cache raises its *watermark* to that
//!   entry's `fresh_until`: from then on every presentation whose window ends at or before the
//!   watermark is refused as replayed, because the cache can no longer prove it was not seen.
//!   Eviction therefore never lets a replay through; at worst it refuses a presentation that is
//!   nearly stale anyway. Size the cap for the busiest window (a gate at 300 presentations per
//!   second with a 120 s window needs 36 000 entries).
//!
//! [`fresh_until`]: crate::VerifiedPresentation::fresh_until

use crate::crypto::sha256;
use crate::error::{Error, Result};
use crate::verifier::VerifiedPresentation;
use alloc::collections::VecDeque;
use foldhash::fast::FixedState;
use hashbrown::HashSet;

/// A bounded set of recently accepted non-interactive presentations.
#[derive(Clone)]
pub struct ReplayCache {
    seen: HashSet<u64, FixedState>,
    order: VecDeque<(u64, u64)>,
    capacity: usize,
    watermark: u64,
}

impl core::fmt::Debug for ReplayCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ReplayCache")
            .field("len", &self.order.len())
            .field("capacity", &self.capacity)
            .field("watermark", &self.watermark)
            .finish()
    }
}

impl ReplayCache {
    /// A cache for at most `capacity` entries (at least 1). `seed` keys the hash table; pass a
    /// random value.
    pub fn new(capacity: usize, seed: u64) -> ReplayCache {
        let capacity = capacity.max(1);
        ReplayCache {
            seen: HashSet::with_capacity_and_hasher(capacity, FixedState::with_seed(seed)),
            order: VecDeque::with_capacity(capacity),
            capacity,
            watermark: 0,
        }
    }

    /// The number of entries held.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The cap.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Presentations whose window ends at or before this time are refused (see the module
    /// docs); 0 until the cap has forced out a live entry.
    pub fn watermark(&self) -> u64 {
        self.watermark
    }

    /// The bytes this cache has reserved for its entries (hash table and queue), excluding the
    /// allocator's own overhead. Used to report memory per entry.
    pub fn reserved_bytes(&self) -> usize {
        let buckets = self
            .seen
            .capacity()
            .saturating_mul(8)
            .div_ceil(7)
            .next_power_of_two();
        buckets * (core::mem::size_of::<u64>() + 1)
            + self.order.capacity() * core::mem::size_of::<(u64, u64)>()
    }

    /// Records a verified presentation, or refuses it as a replay. Interactive presentations
    /// (bound to a request) pass without being recorded. Nothing changes on error.
    ///
    /// # Errors
    ///
    /// [`Error::Replayed`] when it was seen before within its window, or its window ends at
    /// or before the watermark.
    pub fn check(&mut self, presentation: &VerifiedPresentation<'_>, now: u64) -> Result<()> {
        if presentation.audience.is_some() {
            return Ok(());
        }
        let digest = sha256(&[presentation.device_signature()]);
        let mut key = [0u8; 8];
        key.copy_from_slice(&digest[..8]);
        self.check_key(u64::from_le_bytes(key), presentation.fresh_until, now)
    }

    /// Records `key` as seen until `fresh_until`; see [`ReplayCache::check`].
    ///
    /// # Errors
    ///
    /// [`Error::Replayed`].
    pub fn check_key(&mut self, key: u64, fresh_until: u64, now: u64) -> Result<()> {
        if fresh_until <= self.watermark || self.seen.contains(&key) {
            return Err(Error::Replayed);
        }
        while let Some(&(k, until)) = self.order.front() {
            if until >= now && self.order.len() < self.capacity {
                break;
            }
            if until >= now {
                self.watermark = self.watermark.max(until);
            }
            self.seen.remove(&k);
            self.order.pop_front();
        }
        self.seen.insert(key);
        self.order.push_back((key, fresh_until));
        Ok(())
    }
}

/// A [`ReplayCache`] behind a mutex, to share between the threads of one terminal.
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct SharedReplayCache(std::sync::Mutex<ReplayCache>);

#[cfg(feature = "std")]
impl SharedReplayCache {
    /// A shared cache; see [`ReplayCache::new`].
    pub fn new(capacity: usize, seed: u64) -> Self {
        SharedReplayCache(std::sync::Mutex::new(ReplayCache::new(capacity, seed)))
    }

    /// As [`ReplayCache::check`]. A mutex poisoned by a panicking thread is recovered: the
    /// cache's state is updated only after its checks, so it is never left half-changed.
    ///
    /// # Errors
    ///
    /// [`Error::Replayed`].
    pub fn check(&self, presentation: &VerifiedPresentation<'_>, now: u64) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .check(presentation, now)
    }

    /// The number of entries held.
    pub fn len(&self) -> usize {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_accepted_once_within_its_window() {
        let mut c = ReplayCache::new(10, 1);
        c.check_key(1, 100, 0).unwrap();
        assert_eq!(c.check_key(1, 100, 50), Err(Error::Replayed));
        c.check_key(2, 100, 50).unwrap();
        // Once the window has passed the entry leaves; a verifier refuses such a
        // presentation as stale anyway.
        c.check_key(3, 300, 150).unwrap();
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn the_cap_evicts_oldest_and_raises_the_watermark() {
        let mut c = ReplayCache::new(3, 7);
        for k in 0..3 {
            c.check_key(k, 100 + k, 10).unwrap();
        }
        c.check_key(10, 200, 10).unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c.watermark(), 100);
        // Key 0 left the set, but its replay is still refused through the watermark.
        assert_eq!(c.check_key(0, 100, 11), Err(Error::Replayed));
        // A fresher presentation is accepted.
        c.check_key(11, 150, 11).unwrap();
        assert_eq!(c.check_key(11, 150, 12), Err(Error::Replayed));
    }

    #[test]
    fn a_refusal_changes_nothing() {
        let mut c = ReplayCache::new(2, 3);
        c.check_key(5, 50, 0).unwrap();
        let before = (c.len(), c.watermark());
        assert!(c.check_key(5, 50, 1).is_err());
        assert_eq!((c.len(), c.watermark()), before);
    }
}
